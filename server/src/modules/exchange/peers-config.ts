import { z } from 'zod';
import type { ExchangePeer } from './delivery.ts';
import { ORGAN_ID_PATTERN } from './edxml-model.ts';

const organId = z.string().regex(ORGAN_ID_PATTERN, 'mã định danh like 000.00.00.G22');
const reaches = z.union([z.literal('*'), z.array(organId)]).default([]);
const peerSchema = z.union([
  z.object({ name: z.string().min(1), url: z.url(), token: z.string().optional(), reaches }).strict(),
  z.object({ name: z.string().min(1), folder: z.string().min(1), reaches }).strict(),
]);

export interface ConfiguredPeer {
  name: string;
  peer: ExchangePeer;
  reaches: string[] | '*';
}

/** EXCHANGE_PEERS (JSON) as peers to register; throws a readable error naming the bad entry. */
export function parsePeersConfig(text: string | undefined): ConfiguredPeer[] {
  if (!text?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`EXCHANGE_PEERS is not JSON: ${(error as Error).message}`);
  }
  const parsed = z.array(peerSchema).safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`EXCHANGE_PEERS: ${problems}`);
  }
  return parsed.data.map(({ name, reaches: to, ...peer }) => ({ name, peer, reaches: to }));
}
