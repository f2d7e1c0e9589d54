// dl's entry point: runs the command line and exits with its status. All the
// logic lives in vm/cli/ (cli.ts dispatches to one module per command).

import { installCrashHandlers, runCli } from "./vm/cli/cli.ts";
import { processConsole } from "./vm/cli/io.ts";

const con = processConsole();
installCrashHandlers(con);
Deno.exit(await runCli(Deno.args, con));
