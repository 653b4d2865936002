/**
 * Imported first by the bridge, so it runs before any schema is built: zod probes
 * `new Function` when a schema is constructed, and under the page's CSP (no
 * 'unsafe-eval') that probe is reported as a violation even though zod catches it.
 */
import { z } from 'zod';

z.config({ jitless: true });
