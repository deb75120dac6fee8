// JSON schemas of the API's requests (docs/protocol.md §13.3): every object closed
// (additionalProperties false), amounts and field elements as decimal strings.
const decimal = (maxDigits: number) => ({ type: 'string', pattern: `^(0|[1-9][0-9]{0,${maxDigits - 1}})$` }) as const;
const index = { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 } as const;
const element = decimal(78);

const signature = {
  type: 'object',
  additionalProperties: false,
  required: ['r8x', 'r8y', 's'],
  properties: { r8x: element, r8y: element, s: element },
} as const;

const signedCommon = {
  from: index,
  amount: element,
  fee: element,
  nonce: decimal(20),
  domain: element,
  signature,
} as const;

export const transferBody = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'from', 'to', 'amount', 'fee', 'nonce', 'signature'],
  properties: { type: { const: 'transfer' }, to: index, ...signedCommon },
} as const;

export const withdrawBody = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'from', 'amount', 'fee', 'l1Address', 'nonce', 'signature'],
  properties: { type: { const: 'withdraw' }, l1Address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' }, ...signedCommon },
} as const;

export const indexParams = {
  type: 'object',
  additionalProperties: false,
  required: ['index'],
  properties: { index: { type: 'string', pattern: '^(0|[1-9][0-9]{0,9})$' } },
} as const;

export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } },
} as const;

export const batchesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$' }, before: { type: 'string', pattern: '^[1-9][0-9]{0,9}$' } },
} as const;
