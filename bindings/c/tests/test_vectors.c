/* Every shared vector (tests/vectors/, turned into vectors.h by scripts/gen_c_vectors.py)
 * through the installed C library. Prints each failing vector's name. */
#include <stdio.h>
#include <string.h>

#include <sharpapi_webhooks.h>

#include "vectors.h"

static int failures = 0;

static const char *status_name(sharpapi_status_t status) {
    switch (status) {
    case SHARPAPI_OK: return "ok";
    case SHARPAPI_INVALID_SECRET: return "InvalidSecret";
    case SHARPAPI_MISSING_SIGNATURE: return "MissingSignature";
    case SHARPAPI_MALFORMED_SIGNATURE: return "MalformedSignature";
    case SHARPAPI_INVALID_SIGNATURE: return "InvalidSignature";
    case SHARPAPI_INVALID_PAYLOAD: return "InvalidPayload";
    default: return sharpapi_error_message(status);
    }
}

static void expect_status(const struct c_vector *v, const char *what, const char *expected,
                          sharpapi_status_t actual) {
    if (strcmp(expected, status_name(actual)) != 0) {
        printf("FAIL %s: %s: expected %s, got %s\n", v->name, what, expected, status_name(actual));
        failures++;
    }
}

static void expect_text(const struct c_vector *v, const char *what, const char *expected,
                        size_t expected_len, const char *actual, size_t actual_len) {
    int same = expected == NULL
                   ? actual == NULL && actual_len == 0
                   : actual != NULL && actual_len == expected_len &&
                         memcmp(expected, actual, expected_len) == 0 && actual[actual_len] == '\0';
    if (!same) {
        printf("FAIL %s: %s differs\n", v->name, what);
        failures++;
    }
}

/* Checks an event's every accessor against the vector, then releases it. */
static void check_event(const struct c_vector *v, const char *what, sharpapi_event_t *event) {
    const char *text = NULL;
    size_t len = 0;
    sharpapi_job_status_t status_code = 99;
    sharpapi_job_type_t type_code = 99;
    char label[128];

    if (sharpapi_event_id(event, &text, &len) != SHARPAPI_OK) failures++;
    snprintf(label, sizeof label, "%s id", what);
    expect_text(v, label, v->id, v->id_len, text, len);
    if (sharpapi_event_status(event, &text, &len) != SHARPAPI_OK) failures++;
    snprintf(label, sizeof label, "%s status", what);
    expect_text(v, label, v->status, strlen(v->status), text, len);
    if (sharpapi_event_type(event, &text, &len) != SHARPAPI_OK) failures++;
    snprintf(label, sizeof label, "%s type", what);
    expect_text(v, label, v->type, strlen(v->type), text, len);
    if (sharpapi_event_result(event, &text, &len) != SHARPAPI_OK) failures++;
    snprintf(label, sizeof label, "%s result", what);
    expect_text(v, label, v->result, v->result_len, text, len);
    if (sharpapi_event_status_code(event, &status_code) != SHARPAPI_OK ||
        (status_code != SHARPAPI_JOB_STATUS_OTHER) != v->status_known) {
        printf("FAIL %s: %s status code %u\n", v->name, what, (unsigned)status_code);
        failures++;
    }
    if (sharpapi_event_type_code(event, &type_code) != SHARPAPI_OK ||
        (type_code != SHARPAPI_JOB_TYPE_OTHER) != v->type_known) {
        printf("FAIL %s: %s type code %u\n", v->name, what, (unsigned)type_code);
        failures++;
    }
    sharpapi_event_free(event);
}

static void check_vector(const struct c_vector *v) {
    char signature[SHARPAPI_SIGNATURE_BUFFER_LEN];
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    sharpapi_status_t made, status;
    size_t i;

    for (i = 0; i < v->secrets_len; i++) {
        status = sharpapi_sign(v->body, v->body_len, v->secrets[i], signature, sizeof signature);
        if (v->expected_sign[i] == NULL) {
            expect_status(v, "sharpapi_sign", "InvalidSecret", status);
        } else if (status != SHARPAPI_OK || strcmp(signature, v->expected_sign[i]) != 0) {
            printf("FAIL %s: sharpapi_sign with secret %zu\n", v->name, i);
            failures++;
        }
    }

    made = sharpapi_verifier_new(v->secrets, v->secrets_len, &verifier);
    if (!v->uses_headers) {
        status = made == SHARPAPI_OK
                     ? sharpapi_verifier_verify(verifier, v->body, v->body_len, v->signature)
                     : made;
        expect_status(v, "sharpapi_verifier_verify", v->verify, status);
        if (v->secrets_len == 1) {
            status = sharpapi_verify(v->body, v->body_len, v->signature, v->secrets[0]);
            expect_status(v, "sharpapi_verify", v->verify, status);
        }
        status = made == SHARPAPI_OK
                     ? sharpapi_verifier_construct_event(verifier, v->body, v->body_len,
                                                         v->signature, &event)
                     : made;
        expect_status(v, "sharpapi_verifier_construct_event", v->construct_event, status);
        if (status == SHARPAPI_OK) check_event(v, "constructed", event);
    }
    sharpapi_verifier_free(verifier);

    event = NULL;
    status = sharpapi_parse_event_unverified(v->body, v->body_len, &event);
    expect_status(v, "sharpapi_parse_event_unverified", v->parse_event, status);
    if (status == SHARPAPI_OK) check_event(v, "parsed", event);
}

int main(void) {
    size_t i, failed_vectors = 0;
    for (i = 0; i < c_vectors_len; i++) {
        int failures_before = failures;
        check_vector(&c_vectors[i]);
        failed_vectors += failures != failures_before;
    }
    printf("test_vectors: %zu passed, %zu failed\n", c_vectors_len - failed_vectors, failed_vectors);
    return failed_vectors == 0 ? 0 : 1;
}
