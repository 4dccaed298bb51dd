/* Every shared vector (tests/vectors/, turned into vectors.h by scripts/gen_c_vectors.py)
 * through the installed C library: header vectors through
 * sharpapi_verifier_construct_event_from_headers, the others through sharpapi_verifier_verify,
 * sharpapi_verify and sharpapi_verifier_construct_event; every explain vector
 * (tests/vectors/explain/) through sharpapi_explain, whose cause set must be exactly the expected
 * one; every test delivery vector (tests/vectors/test_delivery/) through
 * sharpapi_test_delivery_new, byte for byte, each delivery it makes through the verifier. Prints
 * each failing vector's name.
 *
 * With SHARPAPI_CONFORMANCE_DIR set, it also writes what the library actually did with every
 * vector to $SHARPAPI_CONFORMANCE_DIR/c.json, in the shape of the vectors' `expected`, for
 * scripts/conformance.py. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sharpapi_webhooks.h>

#include "vectors.h"

static int failures = 0;

/* Each check names the vector it ran, so that a failure says which. */
static void fail(const char *name, const char *what, const char *detail) {
    printf("FAIL %s: %s: %s\n", name, what, detail);
    failures++;
}

/* The vectors' name for a status; NULL for a status that is no error of theirs. */
static const char *error_name(sharpapi_status_t status) {
    switch (status) {
    case SHARPAPI_INVALID_SECRET: return "InvalidSecret";
    case SHARPAPI_MISSING_SIGNATURE: return "MissingSignature";
    case SHARPAPI_MALFORMED_SIGNATURE: return "MalformedSignature";
    case SHARPAPI_INVALID_SIGNATURE: return "InvalidSignature";
    case SHARPAPI_INVALID_PAYLOAD: return "InvalidPayload";
    default: return NULL;
    }
}

/* What the vectors and the conformance report call a status: "ok", an error name, or the
 * library's own message for a status that should never come out here. */
static const char *status_name(sharpapi_status_t status) {
    if (status == SHARPAPI_OK) return "ok";
    return error_name(status) != NULL ? error_name(status) : sharpapi_error_message(status);
}

/* Checks the message the library keeps for the call that just returned `status` on this thread:
 * InvalidPayload's says where parsing stopped; every other failure's is the static one. */
static sharpapi_status_t checked(const char *name, const char *what, sharpapi_status_t status) {
    size_t len = (size_t)-1;
    const char *message;
    if (status == SHARPAPI_OK) return status;
    message = sharpapi_last_error_message(&len);
    if (message == NULL || len == (size_t)-1 || message[len] != '\0' || strlen(message) != len) {
        fail(name, what, "sharpapi_last_error_message is not a NUL-terminated text of its length");
    } else if (status == SHARPAPI_INVALID_PAYLOAD) {
        if (strncmp(message, "invalid payload: ", 17) != 0 || strstr(message, " line ") == NULL ||
            strstr(message, " column ") == NULL) {
            printf("FAIL %s: %s: InvalidPayload without line and column: %s\n", name, what,
                   message);
            failures++;
        }
    } else if (strcmp(message, sharpapi_error_message(status)) != 0) {
        printf("FAIL %s: %s: last error message %s\n", name, what, message);
        failures++;
    }
    return status;
}

static void expect_status(const char *name, const char *what, const char *expected,
                          sharpapi_status_t actual) {
    if (strcmp(expected, status_name(actual)) != 0) {
        printf("FAIL %s: %s: expected %s, got %s\n", name, what, expected, status_name(actual));
        failures++;
    }
}

/* ---- outcomes, as the library gave them ---- */

struct bytes {
    uint8_t *ptr; /* NULL: none */
    size_t len;
};

/* What one operation gave: an error's name, or an event's fields, copied out of the event. */
struct outcome {
    const char *error; /* NULL: an event */
    struct bytes id, status, type, result;
    int status_known, type_known;
};

static struct bytes copy_text(const char *text, size_t len) {
    struct bytes copy = {NULL, 0};
    if (text == NULL) return copy;
    copy.ptr = malloc(len + 1);
    if (copy.ptr == NULL) {
        perror("test_vectors");
        exit(2);
    }
    memcpy(copy.ptr, text, len);
    copy.len = len;
    return copy;
}

/* Reads a text accessor's result, checking that it is NUL-terminated as the header promises. */
static struct bytes read_text(const struct c_vector *v, const char *what, sharpapi_status_t status,
                              const char *text, size_t len) {
    if (status != SHARPAPI_OK) {
        fail(v->name, what, status_name(status));
    } else if (text != NULL && text[len] != '\0') {
        fail(v->name, what, "not NUL-terminated");
    } else if (text == NULL && len != 0) {
        fail(v->name, what, "NULL with a length");
    }
    return copy_text(status == SHARPAPI_OK ? text : NULL, len);
}

/* The outcome of a call that returned `status` and, on success, `event`; releases the event. */
static struct outcome take_outcome(const struct c_vector *v, const char *what,
                                   sharpapi_status_t status, sharpapi_event_t *event) {
    struct outcome outcome;
    const char *text = NULL;
    size_t len = 0;
    sharpapi_job_status_t status_code = 99;
    sharpapi_job_type_t type_code = 99;
    sharpapi_event_fields_t fields;

    memset(&outcome, 0, sizeof outcome);
    if (status != SHARPAPI_OK) {
        outcome.error = status_name(status);
        if (event != NULL) fail(v->name, what, "an event was written on failure");
        return outcome;
    }
    status = sharpapi_event_id(event, &text, &len);
    outcome.id = read_text(v, what, status, text, len);
    status = sharpapi_event_status(event, &text, &len);
    outcome.status = read_text(v, what, status, text, len);
    status = sharpapi_event_type(event, &text, &len);
    outcome.type = read_text(v, what, status, text, len);
    status = sharpapi_event_result(event, &text, &len);
    outcome.result = read_text(v, what, status, text, len);
    if (sharpapi_event_status_code(event, &status_code) != SHARPAPI_OK ||
        sharpapi_event_type_code(event, &type_code) != SHARPAPI_OK) {
        fail(v->name, what, "a code accessor failed");
    }
    outcome.status_known = status_code != SHARPAPI_JOB_STATUS_OTHER;
    outcome.type_known = type_code != SHARPAPI_JOB_TYPE_OTHER;
    /* The one-call accessor gives the very same texts and numbers. */
    if (sharpapi_event_fields(event, &fields) != SHARPAPI_OK || fields.id_len != outcome.id.len ||
        fields.status_len != outcome.status.len || fields.job_type_len != outcome.type.len ||
        fields.result_len != outcome.result.len ||
        (fields.result == NULL) != (outcome.result.ptr == NULL) ||
        fields.status_code != status_code || fields.type_code != type_code) {
        fail(v->name, what, "sharpapi_event_fields disagrees with the accessors");
    }
    sharpapi_event_free(event);
    return outcome;
}

static void outcome_free(struct outcome *outcome) {
    free(outcome->id.ptr);
    free(outcome->status.ptr);
    free(outcome->type.ptr);
    free(outcome->result.ptr);
}

static int same_bytes(struct bytes actual, sharpapi_str_t expected) {
    if (expected.ptr == NULL) return actual.ptr == NULL;
    return actual.ptr != NULL && actual.len == expected.len &&
           (expected.len == 0 || memcmp(actual.ptr, expected.ptr, expected.len) == 0);
}

static void expect_outcome(const struct c_vector *v, const char *what,
                           const struct c_outcome *expected, const struct outcome *actual) {
    const char *wanted = expected->error != NULL ? expected->error : "an event";
    const char *got = actual->error != NULL ? actual->error : "an event";
    if (strcmp(wanted, got) != 0) {
        printf("FAIL %s: %s: expected %s, got %s\n", v->name, what, wanted, got);
        failures++;
        return;
    }
    if (expected->error != NULL) return;
    if (!same_bytes(actual->id, expected->id)) fail(v->name, what, "id differs");
    if (!same_bytes(actual->status, expected->status)) fail(v->name, what, "status differs");
    if (!same_bytes(actual->type, expected->type)) fail(v->name, what, "type differs");
    if (!same_bytes(actual->result, expected->result)) fail(v->name, what, "result differs");
    if (actual->status_known != expected->status_known) fail(v->name, what, "status_known differs");
    if (actual->type_known != expected->type_known) fail(v->name, what, "type_known differs");
}

/* ---- the conformance report ---- */

static FILE *report = NULL; /* NULL: no report asked for */

/* A JSON string of UTF-8 bytes: quotes, backslashes and control characters escaped (a NUL as
 * \u0000), every other byte as it is, so non-ASCII text stays UTF-8. */
static void json_string(const uint8_t *text, size_t len) {
    size_t i;
    fputc('"', report);
    for (i = 0; i < len; i++) {
        uint8_t byte = text[i];
        switch (byte) {
        case '"': fputs("\\\"", report); break;
        case '\\': fputs("\\\\", report); break;
        case '\n': fputs("\\n", report); break;
        case '\r': fputs("\\r", report); break;
        case '\t': fputs("\\t", report); break;
        default:
            if (byte < 0x20 || byte == 0x7f) {
                fprintf(report, "\\u%04x", (unsigned)byte);
            } else {
                fputc(byte, report);
            }
        }
    }
    fputc('"', report);
}

static void json_cstring(const char *text) {
    json_string((const uint8_t *)text, strlen(text));
}

static void json_outcome(const struct outcome *outcome) {
    if (outcome->error != NULL) {
        fputs("{\"error\": ", report);
        json_cstring(outcome->error);
        fputc('}', report);
        return;
    }
    fputs("{\"event\": {\"id\": ", report);
    json_string(outcome->id.ptr, outcome->id.len);
    fputs(", \"status\": ", report);
    json_string(outcome->status.ptr, outcome->status.len);
    fputs(", \"type\": ", report);
    json_string(outcome->type.ptr, outcome->type.len);
    fputs(", \"result\": ", report);
    if (outcome->result.ptr == NULL) {
        fputs("null", report);
    } else {
        json_string(outcome->result.ptr, outcome->result.len);
    }
    fprintf(report, ", \"status_known\": %s, \"type_known\": %s}}",
            outcome->status_known ? "true" : "false", outcome->type_known ? "true" : "false");
}

/* Makes `path` and its missing parents, as `mkdir -p` does. */
static int make_directories(const char *path) {
    char *partial = malloc(strlen(path) + 1);
    char *slash;
    int made = 0;
    if (partial == NULL) return -1;
    strcpy(partial, path);
    for (slash = strchr(partial + 1, '/');; slash = strchr(slash + 1, '/')) {
        if (slash != NULL) *slash = '\0';
        if (mkdir(partial, 0777) != 0 && errno != EEXIST) made = -1;
        if (slash == NULL) break;
        *slash = '/';
    }
    free(partial);
    return made;
}

static FILE *open_report(const char *folder) {
    char *path;
    FILE *file;
    if (folder == NULL || folder[0] == '\0') return NULL;
    if (make_directories(folder) != 0) {
        perror(folder);
        exit(2);
    }
    path = malloc(strlen(folder) + sizeof "/c.json");
    if (path == NULL) exit(2);
    strcpy(path, folder);
    strcat(path, "/c.json");
    file = fopen(path, "wb");
    if (file == NULL) {
        perror(path);
        exit(2);
    }
    free(path);
    return file;
}

/* ---- one vector ---- */

static void check_vector(const struct c_vector *v, int first) {
    char signature[SHARPAPI_SIGNATURE_BUFFER_LEN];
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    sharpapi_status_t made, status, verified = SHARPAPI_OK;
    struct outcome constructed, parsed;
    size_t i;

    if (report != NULL) {
        fputs(first ? "\n    " : ",\n    ", report);
        json_cstring(v->name);
        fputs(": {\"sign\": [", report);
    }
    for (i = 0; i < v->secrets_len; i++) {
        memset(signature, '#', sizeof signature);
        status = checked(v->name, "sharpapi_sign",
                         sharpapi_sign(v->body.ptr, v->body.len, v->secrets[i].ptr,
                                       v->secrets[i].len, signature, sizeof signature));
        if (v->expected_sign[i] == NULL) {
            expect_status(v->name, "sharpapi_sign", "InvalidSecret", status);
        } else if (status != SHARPAPI_OK || strcmp(signature, v->expected_sign[i]) != 0) {
            printf("FAIL %s: sharpapi_sign with secret %zu\n", v->name, i);
            failures++;
        }
        if (report != NULL) {
            if (i > 0) fputs(", ", report);
            if (status == SHARPAPI_OK) {
                json_cstring(signature);
            } else if (status == SHARPAPI_INVALID_SECRET) {
                fputs("null", report);
            } else {
                json_cstring(status_name(status));
            }
        }
    }
    if (report != NULL) fputs("]", report);

    made = checked(v->name, "sharpapi_verifier_new",
                   sharpapi_verifier_new(v->secrets, v->secrets_len, &verifier));
    if (made != SHARPAPI_OK && verifier != NULL) {
        fail(v->name, "sharpapi_verifier_new", "wrote a verifier");
    }
    if (v->uses_headers) {
        const uint8_t *found = NULL;
        size_t found_len = 0;
        sharpapi_status_t lookup;
        struct outcome looked_up;
        status = made != SHARPAPI_OK
                     ? made
                     : checked(v->name, "sharpapi_verifier_construct_event_from_headers",
                               sharpapi_verifier_construct_event_from_headers(
                                   verifier, v->body.ptr, v->body.len, v->headers,
                                   v->headers_len, &event));
        constructed = take_outcome(v, "sharpapi_verifier_construct_event_from_headers", status,
                                   event);
        /* A middleware's way: the value alone, then construct_event with it, agrees. */
        lookup = checked(v->name, "sharpapi_signature_from_headers",
                         sharpapi_signature_from_headers(v->headers, v->headers_len, &found,
                                                         &found_len));
        if (made == SHARPAPI_OK) {
            event = NULL;
            if (lookup == SHARPAPI_OK) {
                status = checked(v->name, "sharpapi_verifier_construct_event",
                                 sharpapi_verifier_construct_event(verifier, v->body.ptr,
                                                                   v->body.len, found, found_len,
                                                                   &event));
            } else {
                status = lookup;
            }
            looked_up = take_outcome(v, "sharpapi_signature_from_headers", status, event);
            expect_outcome(v, "sharpapi_signature_from_headers then construct_event",
                           &v->construct_event, &looked_up);
            outcome_free(&looked_up);
        }
    } else {
        verified = made != SHARPAPI_OK
                       ? made
                       : checked(v->name, "sharpapi_verifier_verify",
                                 sharpapi_verifier_verify(verifier, v->body.ptr, v->body.len,
                                                          v->signature.ptr, v->signature.len));
        expect_status(v->name, "sharpapi_verifier_verify", v->verify, verified);
        if (v->secrets_len == 1) {
            status = checked(v->name, "sharpapi_verify",
                             sharpapi_verify(v->body.ptr, v->body.len, v->signature.ptr,
                                             v->signature.len, v->secrets[0].ptr,
                                             v->secrets[0].len));
            expect_status(v->name, "sharpapi_verify", v->verify, status);
        }
        status = made != SHARPAPI_OK
                     ? made
                     : checked(v->name, "sharpapi_verifier_construct_event",
                               sharpapi_verifier_construct_event(verifier, v->body.ptr,
                                                                 v->body.len, v->signature.ptr,
                                                                 v->signature.len, &event));
        constructed = take_outcome(v, "sharpapi_verifier_construct_event", status, event);
    }
    sharpapi_verifier_free(verifier);
    expect_outcome(v, "construct_event", &v->construct_event, &constructed);

    event = NULL;
    status = checked(v->name, "sharpapi_parse_event_unverified",
                     sharpapi_parse_event_unverified(v->body.ptr, v->body.len, &event));
    parsed = take_outcome(v, "sharpapi_parse_event_unverified", status, event);
    expect_outcome(v, "sharpapi_parse_event_unverified", &v->parse_event, &parsed);

    if (report != NULL) {
        if (!v->uses_headers) {
            fputs(", \"verify\": ", report);
            json_cstring(status_name(verified));
        }
        fputs(", \"construct_event\": ", report);
        json_outcome(&constructed);
        fputs(", \"parse_event_unverified\": ", report);
        json_outcome(&parsed);
        fputs("}", report);
    }
    outcome_free(&constructed);
    outcome_free(&parsed);
}

/* ---- one explain vector ---- */

/* Prints the causes of a cause set by their SHARPAPI_CAUSE_* numbers, as "{6, 8}". */
static void print_causes(uint32_t causes) {
    uint32_t cause;
    const char *separator = "";
    printf("{");
    for (cause = 1; cause <= 32; cause++) {
        if (causes & (UINT32_C(1) << (cause - 1))) {
            printf("%s%u", separator, (unsigned)cause);
            separator = ", ";
        }
    }
    printf("}");
}

static void check_explain_vector(const struct c_explain_vector *v) {
    uint32_t causes = 0, cause;
    sharpapi_status_t status = sharpapi_explain(v->body.ptr, v->body.len, v->signature.ptr,
                                                v->signature.len, v->secrets, v->secrets_len,
                                                &causes);
    if (status != SHARPAPI_OK) {
        printf("FAIL %s: sharpapi_explain: %s\n", v->name, sharpapi_error_message(status));
        failures++;
        return;
    }
    if (causes != v->expected_causes) {
        printf("FAIL %s: sharpapi_explain: expected the causes ", v->name);
        print_causes(v->expected_causes);
        printf(", got ");
        print_causes(causes);
        printf("\n");
        failures++;
    }
    /* every cause found has its sentence for the endpoint's owner */
    for (cause = 1; cause <= 32; cause++) {
        const char *description = sharpapi_cause_description(cause);
        if ((causes & (UINT32_C(1) << (cause - 1))) && (description == NULL || description[0] == '\0')) {
            printf("FAIL %s: cause %u has no description\n", v->name, (unsigned)cause);
            failures++;
        }
    }
}

/* ---- one test delivery vector ---- */

static int same_text(sharpapi_str_t actual, sharpapi_str_t expected) {
    return actual.len == expected.len &&
           (expected.len == 0 || memcmp(actual.ptr, expected.ptr, expected.len) == 0);
}

/* sharpapi_test_delivery_new makes the vector's body and signature byte for byte, or refuses with
 * its error and writes nothing; what it makes, sent with the headers sharpapi_webhooks.h names
 * (the vector's, in order), passes sharpapi_verifier_construct_event_from_headers and
 * sharpapi_verify, and gives back the id, status and type it was made of. */
static void check_test_delivery_vector(const struct c_test_delivery_vector *v) {
    sharpapi_test_delivery_t *delivery = NULL;
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    sharpapi_event_fields_t fields;
    const char *body = NULL, *signature = NULL;
    size_t body_len = 0, signature_len = 0, i;
    sharpapi_status_t status =
        checked(v->name, "sharpapi_test_delivery_new",
                sharpapi_test_delivery_new(v->secret, v->id, v->status, v->type, v->result,
                                           &delivery));

    expect_status(v->name, "sharpapi_test_delivery_new", v->error != NULL ? v->error : "ok",
                  status);
    if (status != SHARPAPI_OK) {
        if (delivery != NULL) fail(v->name, "sharpapi_test_delivery_new", "wrote a delivery");
        return;
    }
    if (v->error != NULL) {
        sharpapi_test_delivery_free(delivery);
        return;
    }
    if (sharpapi_test_delivery_body(delivery, &body, &body_len) != SHARPAPI_OK ||
        sharpapi_test_delivery_signature(delivery, &signature, &signature_len) != SHARPAPI_OK ||
        body == NULL || signature == NULL) {
        fail(v->name, "sharpapi_test_delivery_body and _signature", "failed");
        sharpapi_test_delivery_free(delivery);
        return;
    }
    if (body[body_len] != '\0' || signature[signature_len] != '\0') {
        fail(v->name, "sharpapi_test_delivery_body and _signature", "not NUL-terminated");
    }
    if (body_len != v->body.len || memcmp(body, v->body.ptr, body_len) != 0) {
        printf("FAIL %s: sharpapi_test_delivery_body: %.*s\n", v->name, (int)body_len, body);
        failures++;
    }
    if (signature_len != strlen(v->signature) || strcmp(signature, v->signature) != 0) {
        printf("FAIL %s: sharpapi_test_delivery_signature: %s\n", v->name, signature);
        failures++;
    }
    {
        const sharpapi_header_t headers[] = {
            {{(const uint8_t *)"Content-Type", 12}, {(const uint8_t *)"application/json", 16}},
            {{(const uint8_t *)"User-Agent", 10}, {(const uint8_t *)"SharpAPIWebhook/1.0", 19}},
            {{(const uint8_t *)"X-Signature", 11}, {(const uint8_t *)signature, signature_len}},
        };
        const size_t headers_len = sizeof headers / sizeof headers[0];
        int same_headers = v->headers_len == headers_len;
        for (i = 0; same_headers && i < headers_len; i++) {
            same_headers = same_text(headers[i].name, v->headers[i].name) &&
                           same_text(headers[i].value, v->headers[i].value);
        }
        if (!same_headers) fail(v->name, "headers", "not the ones sharpapi_webhooks.h names");

        status = checked(v->name, "sharpapi_verifier_new",
                         sharpapi_verifier_new(&v->secret, 1, &verifier));
        if (status == SHARPAPI_OK) {
            status = checked(v->name, "sharpapi_verifier_construct_event_from_headers",
                             sharpapi_verifier_construct_event_from_headers(
                                 verifier, (const uint8_t *)body, body_len, headers, headers_len,
                                 &event));
        }
        expect_status(v->name, "sharpapi_verifier_construct_event_from_headers", "ok", status);
        sharpapi_verifier_free(verifier);
    }
    if (status == SHARPAPI_OK) {
        if (sharpapi_event_fields(event, &fields) != SHARPAPI_OK ||
            !same_text((sharpapi_str_t){(const uint8_t *)fields.id, fields.id_len}, v->id) ||
            !same_text((sharpapi_str_t){(const uint8_t *)fields.status, fields.status_len},
                       v->status) ||
            !same_text((sharpapi_str_t){(const uint8_t *)fields.job_type, fields.job_type_len},
                       v->type)) {
            fail(v->name, "sharpapi_verifier_construct_event_from_headers",
                 "not the event the delivery was made of");
        }
        sharpapi_event_free(event);
    }
    expect_status(v->name, "sharpapi_verify", "ok",
                  checked(v->name, "sharpapi_verify",
                          sharpapi_verify((const uint8_t *)body, body_len,
                                          (const uint8_t *)signature, signature_len,
                                          v->secret.ptr, v->secret.len)));
    sharpapi_test_delivery_free(delivery);
}

int main(void) {
    size_t i, failed_vectors = 0, test_delivery_errors = 0;
    const char *folder = getenv("SHARPAPI_CONFORMANCE_DIR");

    report = open_report(folder);
    if (report != NULL) fputs("{\"language\": \"c\", \"outcomes\": {", report);
    for (i = 0; i < c_vectors_len; i++) {
        int failures_before = failures;
        check_vector(&c_vectors[i], i == 0);
        failed_vectors += failures != failures_before;
    }
    if (report != NULL) {
        fputs("\n}}\n", report);
        if (ferror(report) | fclose(report)) {
            perror("test_vectors: writing the conformance report");
            return 2;
        }
        printf("test_vectors: wrote %s/c.json\n", folder);
    }
    /* The explain vectors are not in the conformance report, whose table is of the other files. */
    for (i = 0; i < c_explain_vectors_len; i++) {
        int failures_before = failures;
        check_explain_vector(&c_explain_vectors[i]);
        failed_vectors += failures != failures_before;
    }
    for (i = 0; i < c_test_delivery_vectors_len; i++) {
        int failures_before = failures;
        check_test_delivery_vector(&c_test_delivery_vectors[i]);
        failed_vectors += failures != failures_before;
        test_delivery_errors += c_test_delivery_vectors[i].error != NULL;
    }
    /* a file that lost its vectors fails here, not as a shorter run */
    if (c_test_delivery_vectors_len < 17 || test_delivery_errors < 5) {
        printf("FAIL tests/vectors/test_delivery/: %zu vectors, %zu of them errors;"
               " expected at least 17 and 5\n",
               c_test_delivery_vectors_len, test_delivery_errors);
        failed_vectors++;
    }
    printf("test_vectors: %zu vectors, %zu explain vectors and %zu test delivery vectors\n",
           c_vectors_len, c_explain_vectors_len, c_test_delivery_vectors_len);
    printf("test_vectors: %zu passed, %zu failed\n",
           c_vectors_len + c_explain_vectors_len + c_test_delivery_vectors_len - failed_vectors,
           failed_vectors);
    return failed_vectors == 0 ? 0 : 1;
}
