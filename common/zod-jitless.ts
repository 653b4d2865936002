/**
 * Turns zod's JIT off. Imported first by every entry point that runs under the app's CSP
 * (the preload, the browser host's page bridge, the renderer), so it runs before any
 * schema is built: zod probes `new Function` when a schema is constructed, and under the
 * CSP (no 'unsafe-eval') that probe is reported as a violation even though zod catches it.
 */
import { z } from 'zod';

z.config({ jitless: true });
