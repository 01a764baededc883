import { z } from "zod";
import { isPipelineInput } from "../../dsl/pipeline";
import { handleOf, type PipelineRef } from "../shared/pipeline-reference";
import { operatorSettingsShape } from "../shared/operator-schema";
import { duration } from "../shared/schema-parts";

const pipelineHandle = z
  .custom<PipelineRef>((value) => isPipelineInput(handleOf(value)), { message: "trigger takes a pipeline: the default export of another pipeline module, imported" })
  .transform((ref) => ({ dagId: ref.dagId }));

/** JSON: what Airflow stores as the run's conf. */
const json: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

export const triggerTaskSchema = z.strictObject({
  pipeline: pipelineHandle,
  params: z.record(z.string(), json).optional(),
  waitForCompletion: z.boolean().optional(),
  pokeInterval: duration("pokeInterval").optional(),
  deferrable: z.boolean().optional(),
  logicalDate: z.string().min(1).optional(),
  resetRun: z.boolean().optional(),
  ...operatorSettingsShape,
});

export type ValidTriggerTaskOptions = z.output<typeof triggerTaskSchema>;
