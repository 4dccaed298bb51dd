<?php

// Verifier::verify at 1 KiB through FFI against the check a PHP developer writes by hand,
// hash_equals(hash_hmac('sha256', $rawBody, $secret), $signature), in one run; then
// constructEvent, and constructEventFromHeaders with 8 headers, against the same plus json_decode.
// Rounds alternate between the two, so that a load on the machine falls on both; the medians are
// printed, then ours as a ratio of the peer's.
// Run by scripts/bench_php.sh.

declare(strict_types=1);

use SharpApi\Webhooks\Verifier;

require __DIR__ . '/../autoload.php';

const SECRET = 'whsec_benchmark_secret';
const ROUNDS = 15;
const ROUND_SECONDS = 0.1;

/** The delivery of bindings/ffi/benches/c_abi.rs: an event whose result pads it to 1024 bytes. */
function oneKibDelivery(): string
{
    $head = '{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success",'
        . '"type":"content_translate","result":{"content":"';
    $tail = '"}}';
    return $head . str_repeat('x', 1024 - strlen($head) - strlen($tail)) . $tail;
}

/** Runs $call until a round takes about ROUND_SECONDS; the count per round. */
function iterationsPerRound(callable $call): int
{
    for ($iterations = 1000; ; $iterations *= 2) {
        $start = hrtime(true);
        for ($i = 0; $i < $iterations; $i++) {
            $call();
        }
        if ((hrtime(true) - $start) / 1e9 >= ROUND_SECONDS) {
            return $iterations;
        }
    }
}

function nanosecondsPerCall(callable $call, int $iterations): float
{
    $start = hrtime(true);
    for ($i = 0; $i < $iterations; $i++) {
        $call();
    }
    return (hrtime(true) - $start) / $iterations;
}

/** @param list<float> $values */
function median(array $values): float
{
    sort($values);
    return $values[intdiv(count($values), 2)];
}

/** @return array{float, float} the medians of ours and of the peer, in nanoseconds */
function compare(callable $ours, callable $peer): array
{
    $oursPerRound = iterationsPerRound($ours);
    $peerPerRound = iterationsPerRound($peer);
    $oursNs = $peerNs = [];
    for ($round = 0; $round < ROUNDS; $round++) {
        $oursNs[] = nanosecondsPerCall($ours, $oursPerRound);
        $peerNs[] = nanosecondsPerCall($peer, $peerPerRound);
    }
    return [median($oursNs), median($peerNs)];
}

$rawBody = oneKibDelivery();
$signature = Verifier::sign($rawBody, SECRET);
$verifier = new Verifier([SECRET]);
$peerVerify = static fn (string $signature): bool
    => hash_equals(hash_hmac('sha256', $rawBody, SECRET), $signature);

// Both must give the same answers before their times mean anything.
$wrongSignature = Verifier::sign($rawBody, 'whsec_other');
if (!$verifier->isValid($rawBody, $signature) || !$peerVerify($signature)
    || $verifier->isValid($rawBody, $wrongSignature) || $peerVerify($wrongSignature)) {
    fwrite(STDERR, "bench: the two checks disagree\n");
    exit(1);
}

[$verifyNs, $hashNs] = compare(
    static fn () => $verifier->verify($rawBody, $signature),
    static fn () => $peerVerify($signature) || throw new LogicException('refused'),
);
[$constructNs, $decodeNs] = compare(
    static fn () => $verifier->constructEvent($rawBody, $signature),
    static fn () => ($peerVerify($signature) || throw new LogicException('refused'))
        && json_decode($rawBody, true, 512, JSON_THROW_ON_ERROR),
);
[$withResultNs, $decodeNs3] = compare(
    static fn () => $verifier->constructEvent($rawBody, $signature)->result(),
    static fn () => ($peerVerify($signature) || throw new LogicException('refused'))
        && json_decode($rawBody, true, 512, JSON_THROW_ON_ERROR),
);

// As getallheaders() gives a delivery's headers.
$headers = [
    'Host' => 'example.com',
    'User-Agent' => 'SharpAPIWebhook/1.0',
    'Content-Type' => 'application/json',
    'Content-Length' => (string) strlen($rawBody),
    'Accept' => '*/*',
    'Accept-Encoding' => 'gzip',
    'X-Forwarded-For' => '203.0.113.7',
    'X-Signature' => $signature,
];
[$fromHeadersNs, $decodeNs2] = compare(
    static fn () => $verifier->constructEventFromHeaders($rawBody, $headers),
    static fn () => ($peerVerify($headers['X-Signature']) || throw new LogicException('refused'))
        && json_decode($rawBody, true, 512, JSON_THROW_ON_ERROR),
);

printf("PHP %s, %d KiB delivery, median of %d rounds:\n", PHP_VERSION, strlen($rawBody) / 1024, ROUNDS);
$rows = [
    'hash_hmac + hash_equals' => $hashNs,
    'Verifier::verify through FFI' => $verifyNs,
    'hash_hmac + hash_equals + json_decode' => $decodeNs,
    'Verifier::constructEvent through FFI' => $constructNs,
    'hash_hmac + hash_equals + json_decode, again' => $decodeNs2,
    'Verifier::constructEventFromHeaders, 8 headers' => $fromHeadersNs,
];
foreach ($rows as $label => $nanoseconds) {
    printf("  %-48s %10.1f ns\n", $label, $nanoseconds);
}
printf("Verifier::verify takes %.3fx the time of hash_hmac + hash_equals\n", $verifyNs / $hashNs);
printf(
    "Verifier::constructEvent takes %.3fx the time of hash_hmac + hash_equals + json_decode\n",
    $constructNs / $decodeNs,
);
printf(
    "Verifier::constructEventFromHeaders takes %.3fx the time of hash_hmac + hash_equals + json_decode\n",
    $fromHeadersNs / $decodeNs2,
);
// One line each for scripts/bench.sh's table.
$kib = intdiv(strlen($rawBody), 1024);
foreach ([
    ["verify {$kib}KiB", $verifyNs, 'hash_hmac+hash_equals', $hashNs],
    ["constructEvent {$kib}KiB", $constructNs, 'hash_hmac+hash_equals+json_decode', $decodeNs],
    ["constructEvent + result() {$kib}KiB", $withResultNs, 'hash_hmac+hash_equals+json_decode', $decodeNs3],
] as [$what, $ours, $peer, $theirs]) {
    $ratio = $ours / $theirs;
    printf(
        "ratio php %s: ours %.3f µs, %s %.3f µs = %.3fx (target <= 1.0: %s)\n",
        $what, $ours / 1000, $peer, $theirs / 1000, $ratio, $ratio <= 1.0 ? 'meets' : 'MISSES',
    );
}
