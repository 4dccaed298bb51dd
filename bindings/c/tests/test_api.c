/* The C ABI's handling of NULLs, lengths and ownership, its messages and version, and a verifier
 * shared by threads. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sharpapi_webhooks.h>

static int checks = 0, failures = 0;

#define CHECK(condition)                                                        \
    do {                                                                        \
        checks++;                                                               \
        if (!(condition)) {                                                     \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition);         \
            failures++;                                                         \
        }                                                                       \
    } while (0)

static const char BODY[] =
    "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\","
    "\"type\":\"content_translate\",\"result\":{\"content\":\"ciao\"}}";
#define BODY_LEN (sizeof BODY - 1)
static const char *const SECRETS[] = {"whsec_current", "whsec_previous"};
static char signature[SHARPAPI_SIGNATURE_BUFFER_LEN];

static void test_sign_and_buffers(void) {
    char small[SHARPAPI_SIGNATURE_BUFFER_LEN - 1];
    memset(small, '#', sizeof small);
    CHECK(sharpapi_sign((const uint8_t *)BODY, BODY_LEN, SECRETS[1], small, sizeof small) ==
          SHARPAPI_BUFFER_TOO_SMALL);
    CHECK(small[0] == '#' && small[sizeof small - 1] == '#');
    CHECK(sharpapi_sign((const uint8_t *)BODY, BODY_LEN, SECRETS[1], NULL, 65) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_sign((const uint8_t *)BODY, BODY_LEN, NULL, signature, sizeof signature) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_sign((const uint8_t *)BODY, BODY_LEN, "", signature, sizeof signature) ==
          SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_sign((const uint8_t *)BODY, BODY_LEN, SECRETS[1], signature, sizeof signature) ==
          SHARPAPI_OK);
    CHECK(strlen(signature) == 64);
}

static void test_verify_arguments(void) {
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, signature, SECRETS[1]) == SHARPAPI_OK);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, signature, SECRETS[0]) ==
          SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN - 1, signature, SECRETS[1]) ==
          SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verify(NULL, BODY_LEN, signature, SECRETS[1]) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verify(NULL, 0, signature, SECRETS[1]) == SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, NULL, SECRETS[1]) ==
          SHARPAPI_MISSING_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, "abc", SECRETS[1]) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, "\xff\xfe", SECRETS[1]) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, signature, NULL) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN, signature, "\xc3") ==
          SHARPAPI_INVALID_UTF8);
}

static void test_verifier_ownership(void) {
    const char *const with_null[] = {"whsec_current", NULL};
    sharpapi_verifier_t *verifier = (sharpapi_verifier_t *)&checks; /* must stay untouched */
    sharpapi_event_t *event = (sharpapi_event_t *)&checks;
    const char *text = NULL;
    size_t len = 0;

    CHECK(sharpapi_verifier_new(SECRETS, 0, &verifier) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_verifier_new(NULL, 2, &verifier) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verifier_new(with_null, 2, &verifier) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verifier_new(SECRETS, 2, NULL) == SHARPAPI_NULL_ARGUMENT);
    CHECK(verifier == (sharpapi_verifier_t *)&checks);
    CHECK(sharpapi_verifier_new(SECRETS, 2, &verifier) == SHARPAPI_OK);

    CHECK(sharpapi_verifier_verify(verifier, (const uint8_t *)BODY, BODY_LEN, signature) ==
          SHARPAPI_OK);
    CHECK(sharpapi_verifier_verify(NULL, (const uint8_t *)BODY, BODY_LEN, signature) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verifier_construct_event(verifier, (const uint8_t *)BODY, BODY_LEN, "0",
                                            &event) == SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(event == (sharpapi_event_t *)&checks);
    CHECK(sharpapi_verifier_construct_event(verifier, (const uint8_t *)BODY, BODY_LEN, signature,
                                            &event) == SHARPAPI_OK);
    /* The verifier may go first: the event owns its texts. */
    sharpapi_verifier_free(verifier);

    CHECK(sharpapi_event_result(event, &text, &len) == SHARPAPI_OK);
    CHECK(len == strlen("{\"content\":\"ciao\"}") && strcmp(text, "{\"content\":\"ciao\"}") == 0);
    {
        sharpapi_event_fields_t fields;
        memset(&fields, 0, sizeof fields);
        CHECK(sharpapi_event_fields(event, NULL) == SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_event_fields(NULL, &fields) == SHARPAPI_NULL_ARGUMENT);
        CHECK(fields.id == NULL);
        CHECK(sharpapi_event_fields(event, &fields) == SHARPAPI_OK);
        CHECK(fields.result == text && fields.result_len == len);
        CHECK(fields.status_code == SHARPAPI_JOB_STATUS_SUCCESS);
        CHECK(fields.type_code == SHARPAPI_JOB_TYPE_CONTENT_TRANSLATE);
        CHECK(fields.id_len == 36 && strcmp(fields.id, "bf683177-3a48-47d1-9c4e-0b4de39517fa") == 0);
    }
    CHECK(sharpapi_event_id(NULL, &text, &len) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_event_id(event, NULL, &len) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_event_id(event, &text, NULL) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_event_type_code(event, NULL) == SHARPAPI_NULL_ARGUMENT);
    sharpapi_event_free(event);

    sharpapi_verifier_free(NULL);
    sharpapi_event_free(NULL);
}

static void test_messages_and_version(void) {
    CHECK(strstr(sharpapi_error_message(SHARPAPI_INVALID_SIGNATURE), "raw request body") != NULL);
    CHECK(strstr(sharpapi_error_message(SHARPAPI_NULL_ARGUMENT), "NULL") != NULL);
    CHECK(strcmp(sharpapi_error_message(7), "unknown status code") == 0);
    CHECK(strcmp(sharpapi_version(), SHARPAPI_VERSION) == 0);
}

#define THREADS 8
#define ROUNDS 2000

static void *verify_many(void *shared_verifier) {
    const sharpapi_verifier_t *verifier = shared_verifier;
    long correct = 0;
    int round;
    for (round = 0; round < ROUNDS; round++) {
        correct += sharpapi_verifier_verify(verifier, (const uint8_t *)BODY, BODY_LEN, signature) ==
                   SHARPAPI_OK;
        correct += sharpapi_verifier_verify(verifier, (const uint8_t *)BODY, BODY_LEN - 2,
                                            signature) == SHARPAPI_INVALID_SIGNATURE;
    }
    return (void *)correct;
}

static void test_threads_share_a_verifier(void) {
    pthread_t threads[THREADS];
    sharpapi_verifier_t *verifier = NULL;
    long total = 0;
    int i;
    CHECK(sharpapi_verifier_new(SECRETS, 2, &verifier) == SHARPAPI_OK);
    for (i = 0; i < THREADS; i++) CHECK(pthread_create(&threads[i], NULL, verify_many, verifier) == 0);
    for (i = 0; i < THREADS; i++) {
        void *correct = NULL;
        CHECK(pthread_join(threads[i], &correct) == 0);
        total += (long)correct;
    }
    CHECK(total == (long)THREADS * ROUNDS * 2);
    sharpapi_verifier_free(verifier);
}

int main(void) {
    test_sign_and_buffers();
    test_verify_arguments();
    test_verifier_ownership();
    test_messages_and_version();
    test_threads_share_a_verifier();
    printf("test_api: %d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
