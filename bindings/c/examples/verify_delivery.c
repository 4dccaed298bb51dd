/* Verifies one SharpAPI delivery and prints its event, as a webhook endpoint would.
 *
 *   SHARPAPI_WEBHOOK_SECRET=... verify_delivery BODY_FILE|- [SIGNATURE]
 *
 * The body is read exactly as received, from BODY_FILE or standard input ("-"). SIGNATURE is the
 * X-Signature header's value; without it, SHARPAPI_SIGNATURE is used. The exit status is 0 for a
 * verified event, else the status code. */
#include <stdio.h>
#include <stdlib.h>

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
    const char *secret = getenv("SHARPAPI_WEBHOOK_SECRET");
    const char *signature = argc > 2 ? argv[2] : getenv("SHARPAPI_SIGNATURE");
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    const char *id, *status, *type, *result;
    size_t body_len, id_len, status_len, type_len, result_len;
    unsigned char *body;
    FILE *file;
    sharpapi_status_t outcome;

    if (argc < 2 || secret == NULL) {
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

    outcome = sharpapi_verifier_new(&secret, 1, &verifier);
    if (outcome == SHARPAPI_OK)
        outcome = sharpapi_verifier_construct_event(verifier, body, body_len, signature, &event);
    sharpapi_verifier_free(verifier);
    free(body);
    if (outcome != SHARPAPI_OK) {
        fprintf(stderr, "refused (%u): %s\n", (unsigned)outcome, sharpapi_error_message(outcome));
        return (int)outcome;
    }

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
