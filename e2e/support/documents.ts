import type { Page } from 'playwright-core';

export { samplePdf } from '../../server/src/modules/documents/test-support/sample-files.ts';

/** Chooses a file in a file field as a person would: the field's button, then the file. */
export async function chooseFile(
  page: Page,
  label: string | RegExp,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: label }).click();
  await (await chooser).setFiles(file);
}

/** Picks an option in a searchable picker (unit or staff) by typing part of its name. */
export async function pick(page: Page, label: string | RegExp, typed: string, option: string) {
  const picker = page.getByRole('combobox', { name: label });
  await picker.fill(typed);
  await page.getByRole('option', { name: option }).click();
}
