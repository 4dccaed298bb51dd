/* Stands in for a libsharpapi_webhooks.so of another version. The wrapper must refuse it before it
 * calls anything else, so this is the only function it needs. */
const char *sharpapi_version(void);

const char *sharpapi_version(void) { return "9.9.9"; }
