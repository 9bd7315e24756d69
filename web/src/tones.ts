/** Status colours dark enough for 4.5:1 text contrast on white and on striped rows. */
export const tones = {
  success: '#1b5e20',
  warning: '#8a3b00',
  neutral: 'gray.8',
  brand: 'front.8',
} as const;
