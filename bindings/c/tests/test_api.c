/* The C ABI's handling of NULLs, lengths and ownership; NULs and bytes that are not UTF-8 in
 * secrets and signatures; header lookup; sharpapi_last_error_message and its threads; nesting
 * depth; test deliveries and explain; messages and version; and a verifier shared by threads. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A string literal as two arguments, pointer and length; a NUL inside it counts. */
#define BYTES(literal) (const uint8_t *)(literal), (sizeof(literal) - 1)
/* A string literal as a sharpapi_str_t. */
#define STR(literal) {(const uint8_t *)(literal), sizeof(literal) - 1}
/* The same as an argument. */
#define TEXT(literal) ((sharpapi_str_t)STR(literal))
static const sharpapi_str_t NO_TEXT = {NULL, 0};

static const char BODY[] =
    "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\","
    "\"type\":\"content_translate\",\"result\":{\"content\":\"ciao\"}}";
#define BODY_LEN (sizeof BODY - 1)
static const sharpapi_str_t SECRETS[] = {STR("whsec_current"), STR("whsec_previous")};
/* BODY signed with SECRETS[1]; 64 hex digits and a NUL. */
static char signature[SHARPAPI_SIGNATURE_BUFFER_LEN];
#define SIG (const uint8_t *)signature, 64

static int sign_into(char *out, const uint8_t *body, size_t body_len, const uint8_t *secret,
                     size_t secret_len) {
    return sharpapi_sign(body, body_len, secret, secret_len, out, SHARPAPI_SIGNATURE_BUFFER_LEN) ==
           SHARPAPI_OK;
}

/* The message of the last failed call on this thread, checked against its length. */
static const char *last_error(void) {
    size_t len = (size_t)-1;
    const char *message = sharpapi_last_error_message(&len);
    CHECK(message != NULL && len != (size_t)-1 && strlen(message) == len);
    CHECK(sharpapi_last_error_message(NULL) == message);
    return message;
}

static int is_static_message(sharpapi_status_t status) {
    return strcmp(last_error(), sharpapi_error_message(status)) == 0;
}

static void test_sign_and_buffers(void) {
    char small[SHARPAPI_SIGNATURE_BUFFER_LEN - 1];
    memset(small, '#', sizeof small);
    CHECK(sharpapi_sign(BYTES(BODY), BYTES("whsec_previous"), small, sizeof small) ==
          SHARPAPI_BUFFER_TOO_SMALL);
    CHECK(small[0] == '#' && small[sizeof small - 1] == '#');
    CHECK(sharpapi_sign(BYTES(BODY), BYTES("whsec_previous"), NULL, 65) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_sign(BYTES(BODY), NULL, 3, signature, sizeof signature) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_sign(NULL, 1, BYTES("whsec_previous"), signature, sizeof signature) ==
          SHARPAPI_NULL_ARGUMENT);
    /* NULL with a length of 0 is the empty secret. */
    CHECK(sharpapi_sign(BYTES(BODY), NULL, 0, signature, sizeof signature) ==
          SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_sign(BYTES(BODY), BYTES(""), signature, sizeof signature) ==
          SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_sign(BYTES(BODY), BYTES("whsec_\xff"), signature, sizeof signature) ==
          SHARPAPI_INVALID_SECRET);
    /* a lone surrogate (U+D800) as WTF-8: not UTF-8 */
    CHECK(sharpapi_sign(BYTES(BODY), BYTES("a\xed\xa0\x80"), signature, sizeof signature) ==
          SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_sign(BYTES(BODY), (const uint8_t *)"x", SIZE_MAX, signature,
                        sizeof signature) == SHARPAPI_INVALID_LENGTH);
    CHECK(sharpapi_sign(BYTES(BODY), BYTES("whsec_previous"), signature, sizeof signature) ==
          SHARPAPI_OK);
    CHECK(strlen(signature) == 64);
}

static void test_verify_arguments(void) {
    char with_nul[64 + 6];
    char nul_inside[64];
    memcpy(with_nul, signature, 64);
    memcpy(with_nul + 64, "\0junk", 5);
    memcpy(nul_inside, signature, 64);
    nul_inside[20] = '\0';

    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("whsec_previous")) == SHARPAPI_OK);
    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("whsec_current")) == SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, BODY_LEN - 1, SIG, BYTES("whsec_previous")) ==
          SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verify(NULL, BODY_LEN, SIG, BYTES("whsec_previous")) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verify(NULL, 0, SIG, BYTES("whsec_previous")) == SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verify((const uint8_t *)BODY, SIZE_MAX, SIG, BYTES("whsec_previous")) ==
          SHARPAPI_INVALID_LENGTH);
    /* NULL and 0: the header is absent; NULL with a length is a mistake. */
    CHECK(sharpapi_verify(BYTES(BODY), NULL, 0, BYTES("whsec_previous")) ==
          SHARPAPI_MISSING_SIGNATURE);
    CHECK(sharpapi_verify(BYTES(BODY), NULL, 64, BYTES("whsec_previous")) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verify(BYTES(BODY), BYTES("  "), BYTES("whsec_previous")) ==
          SHARPAPI_MISSING_SIGNATURE);
    CHECK(sharpapi_verify(BYTES(BODY), BYTES("abc"), BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verify(BYTES(BODY), BYTES("\xff\xfe"), BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    /* a NUL is a character like any other: after, inside or before the digits, malformed */
    CHECK(sharpapi_verify(BYTES(BODY), (const uint8_t *)with_nul, 69, BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verify(BYTES(BODY), (const uint8_t *)with_nul, 65, BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verify(BYTES(BODY), (const uint8_t *)nul_inside, 64, BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verify(BYTES(BODY), SIG, NULL, 14) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verify(BYTES(BODY), SIG, NULL, 0) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("\xc3")) == SHARPAPI_INVALID_SECRET);
}

static void test_a_nul_in_a_secret_is_part_of_it(void) {
    static const sharpapi_str_t full[] = {STR("ab\0cd")}, cut[] = {STR("ab")};
    char with_full[SHARPAPI_SIGNATURE_BUFFER_LEN], with_cut[SHARPAPI_SIGNATURE_BUFFER_LEN];
    sharpapi_verifier_t *whole = NULL, *shortened = NULL;

    CHECK(sign_into(with_full, BYTES(BODY), BYTES("ab\0cd")));
    CHECK(sign_into(with_cut, BYTES(BODY), BYTES("ab")));
    CHECK(strcmp(with_full, with_cut) != 0);
    CHECK(sharpapi_verify(BYTES(BODY), (const uint8_t *)with_full, 64, BYTES("ab\0cd")) ==
          SHARPAPI_OK);
    CHECK(sharpapi_verify(BYTES(BODY), (const uint8_t *)with_full, 64, BYTES("ab")) ==
          SHARPAPI_INVALID_SIGNATURE);
    CHECK(sharpapi_verifier_new(full, 1, &whole) == SHARPAPI_OK);
    CHECK(sharpapi_verifier_new(cut, 1, &shortened) == SHARPAPI_OK);
    CHECK(sharpapi_verifier_verify(whole, BYTES(BODY), (const uint8_t *)with_full, 64) ==
          SHARPAPI_OK);
    CHECK(sharpapi_verifier_verify(shortened, BYTES(BODY), (const uint8_t *)with_full, 64) ==
          SHARPAPI_INVALID_SIGNATURE);
    sharpapi_verifier_free(whole);
    sharpapi_verifier_free(shortened);
}

static void test_verifier_ownership(void) {
    const sharpapi_str_t with_null[] = {STR("whsec_current"), {NULL, 5}};
    const sharpapi_str_t with_empty[] = {STR("whsec_current"), {NULL, 0}};
    const sharpapi_str_t with_surrogate[] = {STR("whsec_current"), STR("\xed\xb0\x80")};
    sharpapi_verifier_t *verifier = (sharpapi_verifier_t *)&checks; /* must stay untouched */
    sharpapi_event_t *event = (sharpapi_event_t *)&checks;
    const char *text = NULL;
    size_t len = 0;

    CHECK(sharpapi_verifier_new(SECRETS, 0, &verifier) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_verifier_new(NULL, 0, &verifier) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_verifier_new(NULL, 2, &verifier) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verifier_new(with_null, 2, &verifier) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verifier_new(with_empty, 2, &verifier) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_verifier_new(with_surrogate, 2, &verifier) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_verifier_new(SECRETS, SIZE_MAX, &verifier) == SHARPAPI_INVALID_LENGTH);
    CHECK(sharpapi_verifier_new(SECRETS, 2, NULL) == SHARPAPI_NULL_ARGUMENT);
    CHECK(verifier == (sharpapi_verifier_t *)&checks);
    CHECK(sharpapi_verifier_new(SECRETS, 2, &verifier) == SHARPAPI_OK);

    CHECK(sharpapi_verifier_verify(verifier, BYTES(BODY), SIG) == SHARPAPI_OK);
    CHECK(sharpapi_verifier_verify(NULL, BYTES(BODY), SIG) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_verifier_verify(verifier, BYTES(BODY), NULL, 0) == SHARPAPI_MISSING_SIGNATURE);
    CHECK(sharpapi_verifier_construct_event(verifier, BYTES(BODY), BYTES("0"), &event) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(sharpapi_verifier_construct_event(verifier, BYTES(BODY), SIG, NULL) ==
          SHARPAPI_NULL_ARGUMENT);
    CHECK(event == (sharpapi_event_t *)&checks);
    CHECK(sharpapi_verifier_construct_event(verifier, BYTES(BODY), SIG, &event) == SHARPAPI_OK);
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

static void test_header_lookup(void) {
    char padded[64 + 3], other[SHARPAPI_SIGNATURE_BUFFER_LEN];
    const uint8_t *found = (const uint8_t *)&checks; /* must stay untouched on failure */
    size_t found_len = 7;
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    const char *id = NULL;
    size_t id_len = 0;

    padded[0] = ' ';
    memcpy(padded + 1, signature, 64);
    padded[65] = '\t';
    padded[66] = ' ';
    CHECK(sign_into(other, BYTES("another body"), BYTES("whsec_previous")));
    {
        const sharpapi_header_t request[] = {
            {STR("Content-Type"), STR("application/json")},
            {STR("x-SiGnAtUrE"), {(const uint8_t *)signature, 64}},
        };
        const sharpapi_header_t repeated[] = {
            {STR("X-Signature"), {(const uint8_t *)padded, sizeof padded}},
            {STR("x-signature"), {(const uint8_t *)signature, 64}},
        };
        const sharpapi_header_t different[] = {
            {STR("X-Signature"), {(const uint8_t *)signature, 64}},
            {STR("X-Signature"), {(const uint8_t *)other, 64}},
        };
        const sharpapi_header_t none[] = {
            {STR("X-Signature-256"), {(const uint8_t *)signature, 64}},
            {STR("X_Signature"), {(const uint8_t *)signature, 64}},
            {STR("X-Signature\0"), {(const uint8_t *)signature, 64}},
        };
        const sharpapi_header_t null_value[] = {
            {STR("X-Signature"), {(const uint8_t *)signature, 64}},
            {STR("Accept"), {NULL, 3}},
        };
        const sharpapi_header_t nul_after[] = {
            {STR("X-Signature"), STR("2e3b06273ca065e0c58ee881bad7e8053be72c443672369674aa38453a44071e\0junk")},
        };

        /* The value found is the caller's own memory. */
        CHECK(sharpapi_signature_from_headers(request, 2, &found, &found_len) == SHARPAPI_OK);
        CHECK(found == (const uint8_t *)signature && found_len == 64);
        CHECK(sharpapi_signature_from_headers(repeated, 2, &found, &found_len) == SHARPAPI_OK);
        CHECK(found == (const uint8_t *)padded && found_len == sizeof padded);
        found = (const uint8_t *)&checks;
        found_len = 7;
        CHECK(sharpapi_signature_from_headers(different, 2, &found, &found_len) ==
              SHARPAPI_MALFORMED_SIGNATURE);
        CHECK(sharpapi_signature_from_headers(none, 3, &found, &found_len) ==
              SHARPAPI_MISSING_SIGNATURE);
        CHECK(sharpapi_signature_from_headers(NULL, 0, &found, &found_len) ==
              SHARPAPI_MISSING_SIGNATURE);
        CHECK(sharpapi_signature_from_headers(NULL, 1, &found, &found_len) ==
              SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_signature_from_headers(null_value, 2, &found, &found_len) ==
              SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_signature_from_headers(request, SIZE_MAX, &found, &found_len) ==
              SHARPAPI_INVALID_LENGTH);
        CHECK(sharpapi_signature_from_headers(request, 2, NULL, &found_len) ==
              SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_signature_from_headers(request, 2, &found, NULL) == SHARPAPI_NULL_ARGUMENT);
        CHECK(found == (const uint8_t *)&checks && found_len == 7);

        CHECK(sharpapi_verifier_new(SECRETS, 2, &verifier) == SHARPAPI_OK);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), request, 2,
                                                             &event) == SHARPAPI_OK);
        CHECK(sharpapi_event_id(event, &id, &id_len) == SHARPAPI_OK && id_len == 36);
        sharpapi_event_free(event);
        event = NULL;
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), repeated, 2,
                                                             &event) == SHARPAPI_OK);
        sharpapi_event_free(event);
        event = NULL;
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), different, 2,
                                                             &event) ==
              SHARPAPI_MALFORMED_SIGNATURE);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), none, 3,
                                                             &event) ==
              SHARPAPI_MISSING_SIGNATURE);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), NULL, 0,
                                                             &event) ==
              SHARPAPI_MISSING_SIGNATURE);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), nul_after, 1,
                                                             &event) ==
              SHARPAPI_MALFORMED_SIGNATURE);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), null_value, 2,
                                                             &event) == SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_verifier_construct_event_from_headers(NULL, BYTES(BODY), request, 2,
                                                             &event) == SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, BYTES(BODY), request, 2,
                                                             NULL) == SHARPAPI_NULL_ARGUMENT);
        CHECK(event == NULL);
        sharpapi_verifier_free(verifier);
    }
}

/* A delivery whose "result" holds `levels` nested arrays: the event object is level 1. */
static char *nested_body(size_t levels, size_t *len) {
    static const char head[] = "{\"id\":\"1\",\"status\":\"new\",\"type\":\"x\",\"result\":";
    char *body = malloc(sizeof head + 2 * levels + 1);
    size_t i;
    if (body == NULL) exit(2);
    memcpy(body, head, sizeof head - 1);
    *len = sizeof head - 1;
    for (i = 0; i < levels; i++) body[(*len)++] = '[';
    for (i = 0; i < levels; i++) body[(*len)++] = ']';
    body[(*len)++] = '}';
    return body;
}

static void test_nesting_depth(void) {
    size_t len;
    char *deepest = nested_body(127, &len);
    char *too_deep;
    sharpapi_event_t *event = NULL;
    CHECK(sharpapi_parse_event_unverified((const uint8_t *)deepest, len, &event) == SHARPAPI_OK);
    sharpapi_event_free(event);
    event = NULL;
    free(deepest);
    too_deep = nested_body(128, &len);
    CHECK(sharpapi_parse_event_unverified((const uint8_t *)too_deep, len, &event) ==
          SHARPAPI_INVALID_PAYLOAD);
    CHECK(strstr(last_error(), "nested deeper than 128 levels at line 1 column ") != NULL);
    CHECK(event == NULL);
    free(too_deep);
}

static void test_last_error_message(void) {
    static const char multi_line[] = "{\n  \"id\": \"1\",\n  \"status\": 7\n}";
    sharpapi_event_t *event = NULL;
    char small[10];
    const char *message;

    CHECK(sharpapi_parse_event_unverified(BYTES(multi_line), &event) == SHARPAPI_INVALID_PAYLOAD);
    message = last_error();
    CHECK(strncmp(message, "invalid payload: ", 17) == 0);
    CHECK(strstr(message, " at line 3 column ") != NULL);
    /* a success keeps the last failure's message */
    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("whsec_previous")) == SHARPAPI_OK);
    CHECK(strstr(last_error(), " at line 3 column ") != NULL);

    CHECK(sharpapi_verify(BYTES(BODY), BYTES("abc"), BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(is_static_message(SHARPAPI_MALFORMED_SIGNATURE));
    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("")) == SHARPAPI_INVALID_SECRET);
    CHECK(is_static_message(SHARPAPI_INVALID_SECRET));
    CHECK(sharpapi_verifier_verify(NULL, BYTES(BODY), SIG) == SHARPAPI_NULL_ARGUMENT);
    CHECK(is_static_message(SHARPAPI_NULL_ARGUMENT));
    CHECK(sharpapi_sign(BYTES(BODY), BYTES("whsec_previous"), small, sizeof small) ==
          SHARPAPI_BUFFER_TOO_SMALL);
    CHECK(is_static_message(SHARPAPI_BUFFER_TOO_SMALL));
    CHECK(sharpapi_parse_event_unverified((const uint8_t *)BODY, SIZE_MAX, &event) ==
          SHARPAPI_INVALID_LENGTH);
    CHECK(is_static_message(SHARPAPI_INVALID_LENGTH));
}

static void test_the_secret_never_appears_in_a_message(void) {
    static const char not_an_event[] = "{\"id\": \"1\", \"status\": \"new\", \"type\": 5}";
    static const sharpapi_str_t secrets[] = {STR("whsec_never_shown")};
    char signed_by_secret[SHARPAPI_SIGNATURE_BUFFER_LEN];
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;

    CHECK(sign_into(signed_by_secret, BYTES(not_an_event), BYTES("whsec_never_shown")));
    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("whsec_never_shown\xff")) ==
          SHARPAPI_INVALID_SECRET);
    CHECK(strstr(last_error(), "never_shown") == NULL);
    CHECK(sharpapi_verify(BYTES(BODY), SIG, BYTES("whsec_never_shown")) ==
          SHARPAPI_INVALID_SIGNATURE);
    CHECK(strstr(last_error(), "never_shown") == NULL);
    CHECK(sharpapi_verifier_new(secrets, 1, &verifier) == SHARPAPI_OK);
    CHECK(sharpapi_verifier_verify(verifier, BYTES(BODY), BYTES("whsec_never_shown")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    CHECK(strstr(last_error(), "never_shown") == NULL);
    CHECK(sharpapi_verifier_construct_event(verifier, BYTES(not_an_event),
                                            (const uint8_t *)signed_by_secret, 64,
                                            &event) == SHARPAPI_INVALID_PAYLOAD);
    CHECK(strstr(last_error(), "invalid payload: ") != NULL);
    CHECK(strstr(last_error(), "never_shown") == NULL);
    sharpapi_verifier_free(verifier);
}

/* A thread's own failure, and its message, while the main thread holds another. */
struct thread_message {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int failed;   /* set by the thread once it has failed */
    int may_exit; /* set by the main thread once it has read its own message */
    int kept;     /* the thread's message survived the main thread's failure */
};

static void *fail_with_invalid_payload(void *shared) {
    struct thread_message *state = shared;
    sharpapi_event_t *event = NULL;
    size_t len = 0;
    const char *message;
    char copy[512];
    CHECK(sharpapi_parse_event_unverified(BYTES("[1, 2"), &event) == SHARPAPI_INVALID_PAYLOAD);
    message = sharpapi_last_error_message(&len);
    CHECK(len < sizeof copy && strstr(message, " line ") != NULL &&
          strstr(message, " column ") != NULL);
    snprintf(copy, sizeof copy, "%s", message);
    pthread_mutex_lock(&state->lock);
    state->failed = 1;
    pthread_cond_broadcast(&state->changed);
    while (!state->may_exit) pthread_cond_wait(&state->changed, &state->lock);
    state->kept = strcmp(sharpapi_last_error_message(NULL), copy) == 0;
    pthread_mutex_unlock(&state->lock);
    return NULL;
}

static void *read_fresh_message(void *unused) {
    size_t len = 99;
    (void)unused;
    return (void *)(uintptr_t)(strcmp(sharpapi_last_error_message(&len), "") == 0 && len == 0);
}

static void test_the_last_error_message_is_per_thread(void) {
    struct thread_message state = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0};
    pthread_t thread;
    void *fresh = NULL;

    CHECK(pthread_create(&thread, NULL, read_fresh_message, NULL) == 0);
    CHECK(pthread_join(thread, &fresh) == 0);
    CHECK(fresh == (void *)1);

    CHECK(sharpapi_verify(BYTES(BODY), NULL, 0, BYTES("whsec_previous")) ==
          SHARPAPI_MISSING_SIGNATURE);
    CHECK(pthread_create(&thread, NULL, fail_with_invalid_payload, &state) == 0);
    pthread_mutex_lock(&state.lock);
    while (!state.failed) pthread_cond_wait(&state.changed, &state.lock);
    CHECK(is_static_message(SHARPAPI_MISSING_SIGNATURE));
    CHECK(sharpapi_verify(BYTES(BODY), BYTES("xyz"), BYTES("whsec_previous")) ==
          SHARPAPI_MALFORMED_SIGNATURE);
    state.may_exit = 1;
    pthread_cond_broadcast(&state.changed);
    pthread_mutex_unlock(&state.lock);
    CHECK(pthread_join(thread, NULL) == 0);
    CHECK(state.kept);
    CHECK(is_static_message(SHARPAPI_MALFORMED_SIGNATURE));
}

/* The body and signature of a test delivery, borrowed from it. */
static void delivery_texts(const sharpapi_test_delivery_t *delivery, const char **body,
                           size_t *body_len, const char **signature, size_t *signature_len) {
    CHECK(sharpapi_test_delivery_body(delivery, body, body_len) == SHARPAPI_OK);
    CHECK(sharpapi_test_delivery_signature(delivery, signature, signature_len) == SHARPAPI_OK);
    CHECK((*body)[*body_len] == '\0' && (*signature)[*signature_len] == '\0');
}

static void test_test_delivery(void) {
    static const char expected[] = "{\"id\":\"job-1\",\"status\":\"success\",\"type\":"
                                   "\"content_translate\",\"result\":{\"content\":\"Hallo\"}}";
    static const sharpapi_str_t secrets[] = {STR("whsec_test_delivery")};
    sharpapi_test_delivery_t *delivery = NULL;
    sharpapi_verifier_t *verifier = NULL;
    sharpapi_event_t *event = NULL;
    sharpapi_event_fields_t fields;
    const char *body = NULL, *sig = NULL;
    size_t body_len = 0, sig_len = 0;
    char resigned[SHARPAPI_SIGNATURE_BUFFER_LEN];

    CHECK(sharpapi_test_delivery_new(secrets[0], TEXT("job-1"), TEXT("success"),
                                     TEXT("content_translate"), TEXT("{\"content\":\"Hallo\"}"),
                                     &delivery) == SHARPAPI_OK);
    delivery_texts(delivery, &body, &body_len, &sig, &sig_len);
    /* the body byte for byte, and the signature sharpapi_sign gives for it */
    CHECK(body_len == sizeof expected - 1 && memcmp(body, expected, body_len) == 0);
    CHECK(sig_len == 64 && sign_into(resigned, (const uint8_t *)body, body_len, secrets[0].ptr,
                                     secrets[0].len) && strcmp(sig, resigned) == 0);
    {
        /* what SharpAPI sends with it, through the verifier as an endpoint receives it */
        const sharpapi_header_t headers[] = {
            {STR("Content-Type"), STR("application/json")},
            {STR("User-Agent"), STR("SharpAPIWebhook/1.0")},
            {STR("X-Signature"), {(const uint8_t *)sig, sig_len}},
        };
        CHECK(sharpapi_verifier_new(secrets, 1, &verifier) == SHARPAPI_OK);
        CHECK(sharpapi_verifier_construct_event_from_headers(verifier, (const uint8_t *)body,
                                                             body_len, headers, 3,
                                                             &event) == SHARPAPI_OK);
        CHECK(sharpapi_event_fields(event, &fields) == SHARPAPI_OK);
        CHECK(fields.id_len == 5 && memcmp(fields.id, "job-1", 5) == 0);
        CHECK(fields.status_code == SHARPAPI_JOB_STATUS_SUCCESS);
        CHECK(fields.type_code == SHARPAPI_JOB_TYPE_CONTENT_TRANSLATE);
        CHECK(fields.result_len == 19 && memcmp(fields.result, "{\"content\":\"Hallo\"}", 19) == 0);
        sharpapi_event_free(event);
        event = NULL;
        /* a signature of another body, or of another secret, is refused */
        CHECK(sharpapi_verifier_verify(verifier, (const uint8_t *)body, body_len - 1,
                                       (const uint8_t *)sig, sig_len) ==
              SHARPAPI_INVALID_SIGNATURE);
        sharpapi_verifier_free(verifier);
    }
    sharpapi_test_delivery_free(delivery);
    delivery = NULL;

    /* no result (NULL and 0), and texts that JSON must escape, a NUL among them */
    CHECK(sharpapi_test_delivery_new(secrets[0], TEXT("a\"b\\c\0d"), TEXT("failed"),
                                     TEXT("a type of tomorrow"), NO_TEXT,
                                     &delivery) == SHARPAPI_OK);
    delivery_texts(delivery, &body, &body_len, &sig, &sig_len);
    CHECK(strcmp(body, "{\"id\":\"a\\\"b\\\\c\\u0000d\",\"status\":\"failed\","
                       "\"type\":\"a type of tomorrow\"}") == 0);
    CHECK(sharpapi_parse_event_unverified((const uint8_t *)body, body_len, &event) == SHARPAPI_OK);
    CHECK(sharpapi_event_fields(event, &fields) == SHARPAPI_OK);
    CHECK(fields.id_len == 7 && memcmp(fields.id, "a\"b\\c\0d", 7) == 0);
    CHECK(fields.status_code == SHARPAPI_JOB_STATUS_FAILED);
    CHECK(fields.type_code == SHARPAPI_JOB_TYPE_OTHER && fields.result == NULL);
    sharpapi_event_free(event);
    sharpapi_test_delivery_free(delivery);

    /* refusals write nothing */
    delivery = (sharpapi_test_delivery_t *)&checks;
    CHECK(sharpapi_test_delivery_new(NO_TEXT, TEXT("1"), TEXT("success"), TEXT("x"), NO_TEXT,
                                     &delivery) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_test_delivery_new(TEXT("whsec_\xff"), TEXT("1"), TEXT("success"), TEXT("x"),
                                     NO_TEXT, &delivery) == SHARPAPI_INVALID_SECRET);
    CHECK(sharpapi_test_delivery_new(secrets[0], TEXT("1"), TEXT("success"), TEXT("x"),
                                     TEXT("{nope"), &delivery) == SHARPAPI_INVALID_PAYLOAD);
    CHECK(strncmp(last_error(), "invalid payload: ", 17) == 0);
    CHECK(sharpapi_test_delivery_new(secrets[0], TEXT("1"), TEXT("success"), TEXT("x"),
                                     TEXT("1 2"), &delivery) == SHARPAPI_INVALID_PAYLOAD);
    CHECK(sharpapi_test_delivery_new(secrets[0], TEXT("\xc3"), TEXT("success"), TEXT("x"),
                                     NO_TEXT, &delivery) == SHARPAPI_INVALID_PAYLOAD);
    {
        sharpapi_str_t dangling = {NULL, 3};
        CHECK(sharpapi_test_delivery_new(secrets[0], dangling, TEXT("success"), TEXT("x"), NO_TEXT,
                                         &delivery) == SHARPAPI_NULL_ARGUMENT);
    }
    CHECK(sharpapi_test_delivery_new(secrets[0], TEXT("1"), TEXT("success"), TEXT("x"), NO_TEXT,
                                     NULL) == SHARPAPI_NULL_ARGUMENT);
    CHECK(delivery == (sharpapi_test_delivery_t *)&checks);
    CHECK(sharpapi_test_delivery_body(NULL, &body, &body_len) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_test_delivery_signature(NULL, &sig, &sig_len) == SHARPAPI_NULL_ARGUMENT);
    sharpapi_test_delivery_free(NULL);
}

static int has_cause(uint32_t causes, uint32_t cause) {
    return (causes & (UINT32_C(1) << (cause - 1))) != 0;
}

static void test_explain(void) {
    static const sharpapi_str_t secrets[] = {STR("whsec_current"), STR("whsec_previous")};
    static const sharpapi_str_t pasted[] = {STR(""), STR("whsec_previous\n")};
    static const char newline_added[] =
        "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\","
        "\"type\":\"content_translate\",\"result\":{\"content\":\"ciao\"}}\n";
    uint32_t causes = 0xdeadu, cause;

    /* BODY is signed with the second secret: it matches as received */
    CHECK(sharpapi_explain(BYTES(BODY), SIG, secrets, 2, &causes) == SHARPAPI_OK);
    CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_SIGNATURE_MATCHES - 1));
    CHECK(sharpapi_explain(BYTES(newline_added), SIG, secrets, 2, &causes) == SHARPAPI_OK);
    CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_TRAILING_NEWLINE - 1));
    /* an empty secret is skipped, not refused; one with a newline is tried without it */
    CHECK(sharpapi_explain(BYTES(BODY), SIG, pasted, 2, &causes) == SHARPAPI_OK);
    CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_SECRET_WHITESPACE - 1));
    CHECK(sharpapi_explain(BYTES(newline_added), SIG, pasted, 2, &causes) == SHARPAPI_OK);
    CHECK(has_cause(causes, SHARPAPI_CAUSE_TRAILING_NEWLINE) &&
          has_cause(causes, SHARPAPI_CAUSE_SECRET_WHITESPACE));
    CHECK(sharpapi_explain(BYTES(BODY), SIG, NULL, 0, &causes) == SHARPAPI_OK);
    CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_UNEXPLAINED - 1));
    CHECK(sharpapi_explain(BYTES(BODY), NULL, 0, secrets, 2, &causes) == SHARPAPI_OK);
    CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_MISSING_SIGNATURE - 1));
    CHECK(sharpapi_explain(BYTES(BODY), BYTES("abc"), secrets, 2, &causes) == SHARPAPI_OK);
    CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_MALFORMED_SIGNATURE - 1));

    /* from headers: the signature found as verification finds it */
    {
        const sharpapi_header_t request[] = {
            {STR("Content-Type"), STR("application/json")},
            {STR("x-SIGNATURE"), {(const uint8_t *)signature, 64}},
        };
        const sharpapi_header_t different[] = {
            {STR("X-Signature"), {(const uint8_t *)signature, 64}},
            {STR("X-Signature"), STR("abc")},
        };
        CHECK(sharpapi_explain_from_headers(BYTES(newline_added), request, 2, secrets, 2,
                                            &causes) == SHARPAPI_OK);
        CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_TRAILING_NEWLINE - 1));
        CHECK(sharpapi_explain_from_headers(BYTES(BODY), different, 2, secrets, 2, &causes) ==
              SHARPAPI_OK);
        CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_MALFORMED_SIGNATURE - 1));
        CHECK(sharpapi_explain_from_headers(BYTES(BODY), request, 1, secrets, 2, &causes) ==
              SHARPAPI_OK);
        CHECK(causes == UINT32_C(1) << (SHARPAPI_CAUSE_MISSING_SIGNATURE - 1));
        causes = 0xdeadu;
        CHECK(sharpapi_explain_from_headers(BYTES(BODY), NULL, 1, secrets, 2, &causes) ==
              SHARPAPI_NULL_ARGUMENT);
        CHECK(sharpapi_explain_from_headers(BYTES(BODY), request, 2, secrets, 2, NULL) ==
              SHARPAPI_NULL_ARGUMENT);
        CHECK(causes == 0xdeadu);
    }

    /* mistakes in the call write nothing */
    causes = 0xdeadu;
    CHECK(sharpapi_explain(BYTES(BODY), SIG, secrets, 2, NULL) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_explain(NULL, 5, SIG, secrets, 2, &causes) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_explain(BYTES(BODY), NULL, 64, secrets, 2, &causes) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_explain(BYTES(BODY), SIG, NULL, 2, &causes) == SHARPAPI_NULL_ARGUMENT);
    CHECK(sharpapi_explain(BYTES(BODY), SIG, secrets, SIZE_MAX, &causes) == SHARPAPI_INVALID_LENGTH);
    CHECK(causes == 0xdeadu);

    /* a sentence for every cause, none for other numbers */
    for (cause = SHARPAPI_CAUSE_SIGNATURE_MATCHES; cause <= SHARPAPI_CAUSE_UNEXPLAINED; cause++) {
        const char *description = sharpapi_cause_description(cause);
        CHECK(description != NULL && strlen(description) > 20);
    }
    CHECK(strstr(sharpapi_cause_description(SHARPAPI_CAUSE_TRAILING_NEWLINE), "newline") != NULL);
    CHECK(sharpapi_cause_description(0) == NULL);
    CHECK(sharpapi_cause_description(SHARPAPI_CAUSE_UNEXPLAINED + 1) == NULL);
    CHECK(sharpapi_cause_description(UINT32_MAX) == NULL);
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
        correct += sharpapi_verifier_verify(verifier, BYTES(BODY), SIG) == SHARPAPI_OK;
        correct += sharpapi_verifier_verify(verifier, (const uint8_t *)BODY, BODY_LEN - 2, SIG) ==
                   SHARPAPI_INVALID_SIGNATURE;
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
    test_a_nul_in_a_secret_is_part_of_it();
    test_verifier_ownership();
    test_header_lookup();
    test_nesting_depth();
    test_last_error_message();
    test_the_secret_never_appears_in_a_message();
    test_the_last_error_message_is_per_thread();
    test_test_delivery();
    test_explain();
    test_messages_and_version();
    test_threads_share_a_verifier();
    printf("test_api: %d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
