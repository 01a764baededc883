import type { PipelineInput } from "../index";
import { fromZodIssues, type Issue } from "../../diagnostics/issue";
import { checkTemplates, type TemplateScope } from "../../validate/checks/templates";
import { sparkTemplatedStrings } from "./templated-fields";
import { knownKeysAt } from "../shared/schema-parts";
import { checkSparkTask } from "./checks";
import type { SparkTaskOptions } from "./options";
import { sparkTaskSchema } from "./schema";

/**
 * Every problem of one Spark task's options, as the validate stage finds them: the schema's (types, formats,
 * unknown options with a "did you mean"), then, when those pass, the checks across fields and the templates.
 * Paths are relative to the task's options.
 */
export function validateSparkOptions(input: PipelineInput, options: unknown, scope: TemplateScope): { issues: Issue[]; value?: SparkTaskOptions } {
  const parsed = sparkTaskSchema.safeParse(options);
  if (!parsed.success) return { issues: fromZodIssues(parsed.error.issues, (path) => knownKeysAt(sparkTaskSchema, path)) };
  // The options as written (zod's copy would drop the volume handles' methods and locations).
  const value = options as SparkTaskOptions;
  return { issues: [...checkSparkTask(value, input.options), ...checkTemplates(sparkTemplatedStrings(value), scope)], value };
}
