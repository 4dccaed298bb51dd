/* Verifies one SharpAPI delivery and prints its event, as a webhook endpoint would.
 *
 *   SHARPAPI_WEBHOOK_SECRET=... verify_delivery BODY_FILE|- [SIGNATURE]
 *
 * The body is read exactly as received, from BODY_FILE or standard input ("-"). SIGNATURE is the
 * X-Signature header's value; without it, SHARPAPI_SIGNATURE is used. The exit status is 0 for a
 * verified event, else the status code. When the signature does not match, it also prints what
 * sharpapi_explain finds changed between the body SharpAPI signed and this one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sharpapi_webhooks.h>

static unsigned char *read_all(FILE *file, size_t *len) {
    size_t capacity = 4096;
    unsigned char *data = malloc(capacity);
    *len = 0;
    while (data != NULL) {
        *len += fread(data + *len, 1, capacity - *len, file);
        if (*len < capacity) return ferror(file) ? (free(data), NULL) : data;
        unsigned char *grown = realloc(data, capacity *= 2);
        if (grown == NULL) free(data);
        data = grown;
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *secret_text = getenv("SHARPAPI_WEBHOOK_SECRET");
    const char *signature = argc > 2 ? argv[2] : getenv("SHARPAPI_SIGNATURE");
    sharpapi_str_t secret;
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    const char *id, *status, *type, *result;
    size_t body_len, id_len, status_len, type_len, result_len;
    unsigned char *body;
    FILE *file;
    sharpapi_status_t outcome;

    if (argc < 2 || secret_text == NULL) {
        fprintf(stderr, "usage: SHARPAPI_WEBHOOK_SECRET=... %s BODY_FILE|- [SIGNATURE]\n", argv[0]);
        return 64;
    }
    file = argv[1][0] == '-' && argv[1][1] == '\0' ? stdin : fopen(argv[1], "rb");
    body = file == NULL ? NULL : read_all(file, &body_len);
    if (file != NULL && file != stdin) fclose(file);
    if (body == NULL) {
        perror(argv[1]);
        return 66;
    }

    /* Every text is bytes and a length; an absent signature is NULL and 0. */
    secret.ptr = (const uint8_t *)secret_text;
    secret.len = strlen(secret_text);
    outcome = sharpapi_verifier_new(&secret, 1, &verifier);
    if (outcome == SHARPAPI_OK)
        outcome = sharpapi_verifier_construct_event(verifier, body, body_len,
                                                    (const uint8_t *)signature,
                                                    signature ? strlen(signature) : 0, &event);
    if (outcome != SHARPAPI_OK) {
        /* read right after the failed call, on the same thread: it says why (for an invalid
         * payload, at which line and column) */
        fprintf(stderr, "refused (%u): %s\n", (unsigned)outcome, sharpapi_last_error_message(NULL));
    }
    if (outcome == SHARPAPI_INVALID_SIGNATURE) {
        /* a debugging aid for whoever runs this, as an endpoint's log would be: never an answer
         * to the sender. Cause n is bit n - 1; each has a sentence that says what to do. */
        uint32_t causes = 0;
        sharpapi_cause_t cause;
        if (sharpapi_explain(body, body_len, (const uint8_t *)signature, strlen(signature), &secret, 1,
                             &causes) == SHARPAPI_OK)
            for (cause = 1; cause <= 32; cause++)
                if ((causes >> (cause - 1) & 1) && sharpapi_cause_description(cause) != NULL)
                    fprintf(stderr, "why: %s\n", sharpapi_cause_description(cause));
    }
    sharpapi_verifier_free(verifier);
    free(body);
    if (outcome != SHARPAPI_OK) return (int)outcome;

    sharpapi_event_id(event, &id, &id_len);
    sharpapi_event_status(event, &status, &status_len);
    sharpapi_event_type(event, &type, &type_len);
    sharpapi_event_result(event, &result, &result_len);
    printf("verified: job %.*s\nstatus: %.*s\ntype: %.*s\nresult: %.*s\n", (int)id_len, id,
           (int)status_len, status, (int)type_len, type, result ? (int)result_len : 6,
           result ? result : "(none)");
    sharpapi_event_free(event);
    return 0;
}
