/*
 * The core's own cost per call, through the C ABI from C, for src/bench/Bench.java: the floor
 * that any binding over the C ABI can reach, measured in the same run as the binding and in the
 * same unit (CPU time of the calling thread, as ThreadMXBean gives it). Bench.java writes the
 * delivery into files and runs this once per round.
 *
 * usage: core_cost SECONDS SECRET BODY_FILE SIGNATURE HEADERS_FILE
 *   HEADERS_FILE: one "name<TAB>value" line per header.
 * Prints one line: "verify NS no_signature NS construct_event NS construct_event_from_headers NS",
 * each the nanoseconds per call; construct_event includes what the binding does with the event
 * (sharpapi_event_fields, sharpapi_event_free).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sharpapi_webhooks.h"

static double cpu_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e9 + now.tv_nsec;
}

static char *read_file(const char *path, size_t *len) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(2); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc((size_t)size + 1);
    if (!bytes || fread(bytes, 1, (size_t)size, file) != (size_t)size) { perror(path); exit(2); }
    fclose(file);
    bytes[size] = 0;
    *len = (size_t)size;
    return bytes;
}

static void check(sharpapi_status_t status, const char *what) {
    if (status != SHARPAPI_OK) {
        fprintf(stderr, "core_cost: %s failed: %s\n", what, sharpapi_last_error_message(NULL));
        exit(1);
    }
}

/* What the binding does for a verified delivery's event: all its fields, then free it. */
static void take_event(sharpapi_event_t *event) {
    sharpapi_event_fields_t fields;
    check(sharpapi_event_fields(event, &fields), "sharpapi_event_fields");
    sharpapi_event_free(event);
}

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: core_cost SECONDS SECRET BODY_FILE SIGNATURE HEADERS_FILE\n"); return 2; }
    double budget = atof(argv[1]) * 1e9;
    sharpapi_str_t secret = {(const uint8_t *)argv[2], strlen(argv[2])};
    size_t body_len, headers_len;
    const uint8_t *body = (const uint8_t *)read_file(argv[3], &body_len);
    const uint8_t *signature = (const uint8_t *)argv[4];
    size_t signature_len = strlen(argv[4]);
    char *text = read_file(argv[5], &headers_len);
    sharpapi_header_t headers[64];
    size_t count = 0;
    for (char *line = strtok(text, "\n"); line && count < 64; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        headers[count].name = (sharpapi_str_t){(const uint8_t *)line, (size_t)(tab - line)};
        headers[count].value = (sharpapi_str_t){(const uint8_t *)tab + 1, strlen(tab + 1)};
        count++;
    }
    sharpapi_verifier_t *verifier;
    check(sharpapi_verifier_new(&secret, 1, &verifier), "sharpapi_verifier_new");
    sharpapi_event_t *event;

#define MEASURE(name, call)                                                  \
    do {                                                                     \
        long calls = 0;                                                      \
        double start = cpu_ns();                                             \
        do {                                                                 \
            for (int i = 0; i < 100; i++) { call; }                          \
            calls += 100;                                                    \
        } while (cpu_ns() - start < budget);                                 \
        printf("%s %.1f ", name, (cpu_ns() - start) / (double)calls);        \
    } while (0)

    MEASURE("verify", check(sharpapi_verifier_verify(verifier, body, body_len, signature, signature_len), "verify"));
    MEASURE("no_signature", if (sharpapi_verifier_verify(verifier, body, body_len, NULL, 0) != SHARPAPI_MISSING_SIGNATURE) exit(1));
    MEASURE("construct_event", {
        check(sharpapi_verifier_construct_event(verifier, body, body_len, signature, signature_len, &event), "construct_event");
        take_event(event);
    });
    MEASURE("construct_event_from_headers", {
        check(sharpapi_verifier_construct_event_from_headers(verifier, body, body_len, headers, count, &event), "from_headers");
        take_event(event);
    });
    printf("\n");
    sharpapi_verifier_free(verifier);
    return 0;
}
