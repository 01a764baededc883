/**
 * Spark's memory strings (`JavaUtils.byteStringAs`, what `spark.driver.memory` and the Spark operator's `memory`
 * and `memoryOverhead` go through): a whole number and an optional unit, case-insensitive. Units are 1024-based
 * (`k`, `m`, `g`, `t`, `p`, with or without `b`); a bare number means MiB for these settings.
 */
const SPARK_MEMORY = /^([0-9]+)(b|k|kb|m|mb|g|gb|t|tb|p|pb)?$/i;

/** Why `text` is not a Spark memory amount (with the amount Spark would read instead, when one is clear), or undefined. */
export function checkSparkMemory(text: string): { message: string; hint: string } | undefined {
  if (SPARK_MEMORY.test(text)) return undefined;
  // A Kubernetes quantity (4Gi, 512Mi, 2GB) or a fraction (1.5g): the same amount as Spark writes it.
  const quantity = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgtp])i?b?$/i.exec(text.trim());
  const suggestion = quantity ? sparkAmount(Number(quantity[1]), quantity[2]!.toLowerCase()) : undefined;
  return {
    message: `"${text}" is not a Spark memory amount`,
    hint: suggestion
      ? `Spark wants "${suggestion}": a whole number with k, m, g or t (1024-based), not a Kubernetes quantity`
      : 'write a whole number with k, m, g or t (1024-based), e.g. "512m" or "4g"',
  };
}

/** `amount` `unit`s as a whole number of the largest unit that keeps it whole: 1.5g -> "1536m". */
function sparkAmount(amount: number, unit: string): string | undefined {
  const units = ["k", "m", "g", "t", "p"];
  let index = units.indexOf(unit);
  let value = amount;
  while (!Number.isInteger(value) && index > 0) {
    value *= 1024;
    index--;
  }
  return Number.isInteger(value) && value > 0 ? `${value}${units[index]}` : undefined;
}
