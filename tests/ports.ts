/**
 * Test servers listen on fixed local ports. SITEWATCH_PORT_OFFSET shifts them all,
 * so that two checkouts can run their suites on one machine at the same time.
 */
export function testPort(base: number): number {
  const offset = Number(process.env.SITEWATCH_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 20_000) {
    throw new Error(`SITEWATCH_PORT_OFFSET must be a whole number from 0 to 20000, got "${process.env.SITEWATCH_PORT_OFFSET}"`);
  }
  return base + offset;
}
