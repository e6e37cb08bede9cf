import { simulatorOptionsFromEnv } from "./options-from-env";
import { startSimulator } from "./server";

async function main(): Promise<void> {
  const sim = await startSimulator(simulatorOptionsFromEnv());
  console.log(`WeChat Pay simulator listening on ${sim.url}`);
  console.log(`  merchant file: ${sim.merchantFile}`);
  console.log(`  console:       ${sim.url}/console`);
  console.log(`  scan page:     ${sim.url}/scan`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
