import { describe, expect, it } from 'vitest';
import { wavDurationSeconds } from './tts.ts';

/** A PCM WAV header (44 bytes) for `dataBytes` of 16-bit mono audio at `rate` Hz. */
function wavHeader(dataBytes: number, rate = 22_050) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

describe('wavDurationSeconds', () => {
  it('divides the data size by the byte rate', () => {
    expect(wavDurationSeconds(wavHeader(441_000), 44 + 441_000)).toBe(10);
  });

  it('never counts past the end of a file whose header carries a streaming placeholder size', () => {
    expect(wavDurationSeconds(wavHeader(0x7fff_f000), 44 + 88_200)).toBe(2);
  });

  it('rejects what is not a WAV', () => {
    expect(() => wavDurationSeconds(Buffer.from('OggS'.repeat(20)))).toThrow('not a WAV');
  });
});
