// The business logic shared by the example handlers: the same order validation and
// transform as slsim's C++ reference handler (examples/src/reference_transform.cpp).

/** The order in an SQS record body, or null when it is not a valid order. */
export function parseOrder(body) {
  let j;
  try {
    j = JSON.parse(body);
  } catch {
    return null;
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) return null;
  const str = (k) => (typeof j[k] === 'string' && j[k].length > 0 ? j[k] : null);
  const requestId = str('requestId');
  const customerId = str('customerId');
  // An integer in the JSON text: 12, not 12.0 or 1.2e1 (JSON.parse cannot tell them apart).
  if (!requestId || !customerId || !Number.isInteger(j.amount) || /"amount"\s*:\s*-?\d+[.eE]/.test(body)) return null;
  if (j.amount < 0 || j.amount > 1_000_000_000) return null;
  if ('poison' in j && typeof j.poison !== 'boolean') return null;
  return { requestId, customerId, amount: j.amount, poison: j.poison === true };
}

/** The result item of an order (docs/effects.md). */
export function resultItem(o) {
  const tier = o.amount >= 10_000 ? 'gold' : o.amount >= 1_000 ? 'silver' : 'bronze';
  return {
    pk: { S: o.requestId },
    customerId: { S: o.customerId },
    amount: { N: String(o.amount) },
    amountCents: { N: String(o.amount * 100) },
    tier: { S: tier },
    status: { S: 'processed' },
  };
}

export const tables = () => ({
  results: process.env.RESULT_TABLE ?? 'results',
  totals: process.env.TOTALS_TABLE ?? 'totals',
});

export const correlationOf = (record) => record.messageAttributes?.correlationId?.stringValue ?? '-';
