/** Event kinds and same-instant priorities of the model's event heap. */

// Event kinds. Numbers, not objects: the hot loop of a sweep handles millions of them.
export const E_COMMAND_START = 1; // a = command slot
export const E_ATTEMPT_START = 2; // a = command, b = generation
export const E_TURN_GRANTED = 3; // a = command, b = generation
export const E_POOL_TIMEOUT = 4; // a = command, b = generation
export const E_DIAL_DONE = 5; // a = command, b = generation
export const E_IO_DONE = 6; // a = command, b = generation
export const E_PROBE_DONE = 7; // a = command, b = generation
export const E_DISCONNECT = 8; // a = disconnect index
export const E_SERVER_UP = 9;
export const E_SERVER_IDLE_CLOSE = 10; // a = connection slot, b = its use generation
export const E_MIDDLEBOX_DROP = 11; // a = connection slot, b = its use generation
export const E_KEEPALIVE_VERDICT = 12; // a = connection slot, b = its use generation
export const E_HEALTH_CHECK = 13;
export const E_BACKGROUND_DIAL_DONE = 14; // a = error kind or OK, b = down epoch + 1 at the dial's start, or 0 when the breaker refused it
export const E_BREAKER_DIAL_DONE = 15; // a = error kind or OK, b = down epoch at the dial's start
export const E_BREAKER_REDIAL = 16;
export const E_ARRIVAL = 17; // open-loop arrival

// Same-instant order: the server and network act first, then replies and dials land, then clients act.
export const P_SERVER = 0;
export const P_NETWORK = 1;
export const P_CLIENT = 2;

/** go-redis tryDial sleeps this long after a failed background dial (internal/pool/pool.go). */
export const BREAKER_REDIAL_US = 1_000_000;
export const OK = -1;
/** Flag on a dial result: the breaker refused it without dialing. */
export const REJECTED = 16;
