// Entry of a sweep worker thread. Worker threads do not run `--import tsx` from execArgv before
// their entry module on Node 20 ("Unknown file extension .ts"), so register tsx's loader here,
// then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import(new URL("./worker.ts", import.meta.url).href);
