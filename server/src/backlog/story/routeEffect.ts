// Whether a route only reads: a GET whose handler writes nothing (no SQL change, no model save, no
// file write, no command). Someone who passes as another user there gains what the route shows,
// which is Information disclosure, not Tampering.

const WRITES =
  /\b(?:INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|DROP\s+TABLE|ALTER\s+TABLE|TRUNCATE)\b|\.\s*(?:save|create|bulkCreate|update|updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|destroy|remove|deleteOne|deleteMany|findOneAndDelete|insert|insertOne|insertMany|upsert|increment|decrement|writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|unlink|unlinkSync|rename|renameSync|exec|execSync|execFile|spawn|fork|run|push|splice)\s*\(/i;

export function routeOnlyReads(method: string | undefined, handler: string): boolean {
  return Boolean(method && /^(?:GET|HEAD)$/i.test(method) && !WRITES.test(handler));
}
