import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PortalBulletinFormat, TtsStatus } from '@mts/contracts';
import { runTool, ToolMissingError } from '../../../platform/ocr/index.ts';

/**
 * Vietnamese text-to-speech with command-line tools: espeak-ng (its `vi` voice) writes a WAV,
 * oggenc (vorbis-tools) or lame encodes it. Tools run without a shell (arguments as an array),
 * the text goes through a temporary file, and each step has a timeout that kills the tool.
 */

export const TTS_TIMEOUT_MS = 120_000;
const PROBE_TIMEOUT_MS = 15_000;

export const TTS_MISSING_MESSAGE =
  'Máy chủ chưa cài bộ đọc tiếng Việt espeak-ng: quản trị viên cài gói espeak-ng (và vorbis-tools hoặc lame) rồi khởi động lại.';

export const AUDIO_TYPES: Record<PortalBulletinFormat, string> = { ogg: 'audio/ogg', mp3: 'audio/mpeg' };

export class TtsUnavailableError extends Error {}
export class TtsFailedError extends Error {}

/** The PATH the tools are looked up in: PORTAL_TTS_TOOLS_PATH, else the server's own. */
export const ttsSearchPath = (configured: string | undefined) =>
  configured ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';

async function probe(command: string, args: string[], searchPath: string) {
  try {
    const result = await runTool(command, args, { searchPath, timeoutMs: PROBE_TIMEOUT_MS });
    return result.code === 0 ? `${result.stdout}\n${result.stderr}` : null;
  } catch (error) {
    if (error instanceof ToolMissingError) return null;
    throw error;
  }
}

const versionIn = (output: string | null, pattern: RegExp) =>
  output === null ? null : (pattern.exec(output)?.[1] ?? 'unknown');

/** Which tools are there (the espeak-ng version only when its Vietnamese voice is installed too). */
export async function ttsStatus(searchPath: string): Promise<TtsStatus> {
  const [espeak, voices, oggenc, lame] = await Promise.all([
    probe('espeak-ng', ['--version'], searchPath),
    probe('espeak-ng', ['--voices=vi'], searchPath),
    probe('oggenc', ['--version'], searchPath),
    probe('lame', ['--version'], searchPath),
  ]);
  const hasVietnamese = voices !== null && /^\s*\d+\s+vi\s/m.test(voices);
  const engines = {
    espeak: hasVietnamese ? versionIn(espeak, /speak NG text-to-speech:\s*(\S+)/i) : null,
    oggenc: versionIn(oggenc, /vorbis-tools\s+(\S+)/i),
    lame: versionIn(lame, /version\s+(\S+)/i),
  };
  const formats = engines.espeak
    ? (['ogg', 'mp3'] as const).filter((f) => (f === 'ogg' ? engines.oggenc : engines.lame))
    : [];
  const available = formats.length > 0;
  const message = available
    ? `Sẵn sàng đọc bản tin tiếng Việt (espeak-ng ${engines.espeak}); định dạng: ${formats.join(', ')}.`
    : TTS_MISSING_MESSAGE;
  return { available, engines, formats: [...formats], message };
}

/**
 * Seconds of audio in a PCM WAV: the data chunk's size over the byte rate (header fields).
 * `wav` is at least the header; `fileSize` the whole file's size.
 */
export function wavDurationSeconds(wav: Buffer, fileSize = wav.length): number {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new TtsFailedError('not a WAV file');
  }
  let byteRate = 0;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ') byteRate = wav.readUInt32LE(offset + 16);
    if (id === 'data') {
      if (!byteRate) break;
      // A streamed WAV may carry a placeholder size: never count past the file's end.
      return Math.min(size, fileSize - offset - 8) / byteRate;
    }
    offset += 8 + size + (size % 2);
  }
  throw new TtsFailedError('WAV without fmt/data chunks');
}

/** Reads only the WAV's header (the file itself may be ~45 MB for a full bulletin). */
async function wavFileDuration(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(Math.min(size, 4096));
    await handle.read(header, 0, header.length, 0);
    return wavDurationSeconds(header, size);
  } finally {
    await handle.close();
  }
}

export interface SpokenAudio {
  audio: Buffer;
  durationSeconds: number;
}

/** Reads `script` aloud in Vietnamese and encodes it; throws TtsUnavailableError when a tool is missing. */
export async function synthesise(
  script: string,
  format: PortalBulletinFormat,
  searchPath: string,
): Promise<SpokenAudio> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mts-tts-'));
  const run = async (command: string, args: string[]) => {
    try {
      const result = await runTool(command, args, {
        searchPath,
        timeoutMs: TTS_TIMEOUT_MS,
        cwd: dir,
        tmpDir: dir,
      });
      if (result.code !== 0)
        throw new TtsFailedError(`${command} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
    } catch (error) {
      if (error instanceof ToolMissingError) throw new TtsUnavailableError(TTS_MISSING_MESSAGE);
      throw error;
    }
  };
  try {
    const text = path.join(dir, 'script.txt');
    const wav = path.join(dir, 'speech.wav');
    const out = path.join(dir, `speech.${format}`);
    await writeFile(text, script, 'utf8');
    await run('espeak-ng', ['-v', 'vi', '-s', '150', '-f', text, '-w', wav]);
    const durationSeconds = await wavFileDuration(wav);
    if (format === 'ogg') await run('oggenc', ['-Q', '-q', '3', '-o', out, wav]);
    else await run('lame', ['--quiet', '-V', '5', wav, out]);
    return { audio: await readFile(out), durationSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
