<?php

/**
 * Writes the PHP package's vocabulary from its one source, bindings/vocabulary.json (which the
 * core generates), so that no status, type or error code is copied by hand:
 *
 *   src/JobStatus.php, src/JobType.php   the enums, one case per known value, in code order
 *   src/Cause.php                        the causes Verifier::explain() names, with each one's
 *                                        number and description
 *   src/<Name>Exception.php              one exception class per error of the core
 *   src/Internal/Vocabulary.php          the error code -> exception class table, and what the
 *                                        framework integrations and TestDelivery take from the
 *                                        core: the default body limit, SharpAPI's User-Agent and
 *                                        Content-Type, the signature header, a test delivery's
 *                                        status and type unless told otherwise
 *   composer.json                        its "version" member
 *
 *   php bindings/php/generate_vocabulary.php           writes them (scripts/generate.sh runs it)
 *   php bindings/php/generate_vocabulary.php --check   exits 1 naming each file that differs
 */

declare(strict_types=1);

const PACKAGE = __DIR__;
const SOURCE = __DIR__ . '/../vocabulary.json';
const BANNER = '// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.';

function fail(string $message): never
{
    fwrite(STDERR, "generate_vocabulary: $message\n");
    exit(1);
}

/** A name that the vocabulary gives, checked to be usable as a PHP identifier as it is. */
function identifier(mixed $name): string
{
    is_string($name) && preg_match('/^[A-Z][A-Za-z0-9]*$/', $name) || fail('not a PascalCase name: ' . json_encode($name));
    return $name;
}

function quoted(string $text): string
{
    return "'" . addcslashes($text, "'\\") . "'";
}

/** Text for a doc comment, which it must not end. */
function docText(mixed $text): string
{
    is_string($text) && !str_contains($text, '*/') || fail('not usable in a doc comment: ' . json_encode($text));
    return wordwrap($text, 95, "\n * ");
}

/**
 * @param list<array{code: int, name: string, wire: string}> $values
 */
function enumFile(string $enum, string $doc, array $values): string
{
    $cases = '';
    $previous = 0;
    foreach ($values as $value) {
        is_int($value['code']) && $value['code'] > $previous || fail("$enum: codes are not increasing");
        $previous = $value['code'];
        is_string($value['wire']) || fail("$enum: a wire text is not a string");
        $cases .= '    case ' . identifier($value['name']) . ' = ' . quoted($value['wire']) . ";\n";
    }
    $cases !== '' || fail("$enum: no value");
    $banner = BANNER;
    return <<<PHP
<?php

$banner

declare(strict_types=1);

namespace SharpApi\\Webhooks;

/**
$doc
 */
enum $enum: string
{
$cases}

PHP;
}

/** @param array{code: int, name: string, description: string} $error */
function exceptionFile(array $error): string
{
    $class = identifier($error['name']) . 'Exception';
    $code = $error['code'];
    is_int($code) && $code > 0 || fail("$class: the code is not a positive number");
    $name = quoted($error['name']);
    $description = docText($error['description']);
    $banner = BANNER;
    return <<<PHP
<?php

$banner

declare(strict_types=1);

namespace SharpApi\\Webhooks;

/**
 * The project's error $code, {$error['name']}, in every language. The core describes it as:
 *
 * $description
 */
final class $class extends WebhookException
{
    public const CODE = $code;

    public const NAME = $name;
}

PHP;
}

/**
 * The Cause enum: one case per cause of the vocabulary, valued by its wire text, numbered 1, 2, ...
 * as the C ABI's SHARPAPI_CAUSE_* (a cause set has a bit per cause, 32 at most).
 *
 * @param list<array{code: int, name: string, wire: string, description: string}> $causes
 */
function causeFile(array $causes): string
{
    $cases = $codes = $descriptions = '';
    foreach (array_values($causes) as $index => $cause) {
        $cause['code'] === $index + 1 && $index < 32 || fail('explain_causes are not numbered 1, 2, ... up to 32 at most');
        is_string($cause['wire']) && preg_match('/^[a-z][a-z0-9_]*$/', $cause['wire']) || fail('Cause: a wire text is not snake_case');
        $name = identifier($cause['name']);
        docText($cause['description']);
        $doc = wordwrap("\"{$cause['wire']}\": {$cause['description']}", 91, "\n     * ");
        $cases .= ($cases === '' ? '' : "\n") . "    /**\n     * $doc\n     */\n";
        $cases .= "    case $name = " . quoted($cause['wire']) . ";\n";
        $codes .= "            self::$name => {$cause['code']},\n";
        $descriptions .= "            self::$name => " . quoted($cause['description']) . ",\n";
    }
    $cases !== '' || fail('Cause: no value');
    $banner = BANNER;
    return <<<PHP
<?php

$banner

declare(strict_types=1);

namespace SharpApi\\Webhooks;

/**
 * What Verifier::explain() finds: one change between a delivery as SharpAPI signed it and as it
 * was verified. A case's value is its name in data, the same in every language
 * ("json_whitespace"); code() is the C ABI's SHARPAPI_CAUSE_* number; description() is its
 * sentence for the endpoint's owner.
 */
enum Cause: string
{
$cases
    /** The cause's name in data, the same in every language: its value. */
    public function wireText(): string
    {
        return \$this->value;
    }

    /** The C ABI's number of the cause (SHARPAPI_CAUSE_*); in a cause set, it is bit code() - 1. */
    public function code(): int
    {
        return match (\$this) {
$codes        };
    }

    /** One sentence for the endpoint's owner: what happened and what to do. */
    public function description(): string
    {
        return match (\$this) {
$descriptions        };
    }
}

PHP;
}

/** A positive integer of the vocabulary, as a PHP literal. */
function positiveInteger(mixed $value, string $what): int
{
    is_int($value) && $value > 0 || fail("\"$what\" is not a positive integer: " . json_encode($value));
    return $value;
}

/** A text of the vocabulary that goes into an HTTP header: printable ASCII only. */
function headerText(mixed $value, string $what): string
{
    is_string($value) && preg_match('/^[\x21-\x7e]+$/', $value) || fail("\"$what\" is not printable ASCII: " . json_encode($value));
    return quoted($value);
}

/**
 * @param list<array{code: int, name: string}> $errors
 * @param array<string, mixed> $vocabulary
 */
function vocabularyFile(array $errors, array $vocabulary): string
{
    $rows = '';
    foreach ($errors as $error) {
        $rows .= "        {$error['code']} => \\SharpApi\\Webhooks\\{$error['name']}Exception::class,\n";
    }
    $maxBodyBytes = positiveInteger($vocabulary['default_max_body_bytes'] ?? null, 'default_max_body_bytes');
    $userAgent = headerText($vocabulary['user_agent'] ?? null, 'user_agent');
    $signatureHeader = headerText($vocabulary['signature_header'] ?? null, 'signature_header');
    $contentType = headerText($vocabulary['content_type'] ?? null, 'content_type');
    $testStatus = quoted(wireOf($vocabulary, 'job_statuses', 'Success'));
    $testType = quoted(wireOf($vocabulary, 'job_types', 'ContentTranslate'));
    $banner = BANNER;
    return <<<PHP
<?php

$banner

declare(strict_types=1);

namespace SharpApi\\Webhooks\\Internal;

/**
 * The core's error codes, each with the exception class that stands for it (any other status
 * is an argument error of the C ABI), and what the framework integrations take from the core.
 *
 * @internal
 */
final class Vocabulary
{
    /** @var array<int, class-string<\\SharpApi\\Webhooks\\WebhookException>> */
    public const EXCEPTIONS = [
$rows    ];

    /** The integrations' body limit unless configured otherwise, in bytes: larger bodies get 413. */
    public const DEFAULT_MAX_BODY_BYTES = $maxBodyBytes;

    /** The User-Agent header SharpAPI's deliveries carry. */
    public const USER_AGENT = $userAgent;

    /** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
    public const SIGNATURE_HEADER = $signatureHeader;

    /** The Content-Type of SharpAPI's deliveries. */
    public const CONTENT_TYPE = $contentType;

    /** A test delivery's status unless told otherwise: a finished job's. */
    public const TEST_DELIVERY_STATUS = $testStatus;

    /** A test delivery's type unless told otherwise. */
    public const TEST_DELIVERY_TYPE = $testType;
}

PHP;
}

/** The wire text of the value named $name in the vocabulary's list $table; fails when it is gone. */
function wireOf(array $vocabulary, string $table, string $name): string
{
    foreach ($vocabulary[$table] ?? [] as $value) {
        if (($value['name'] ?? null) === $name && is_string($value['wire'] ?? null)) {
            return $value['wire'];
        }
    }
    fail("no $name in \"$table\"");
}

/** composer.json with its "version" member set to $version, the rest of the text untouched. */
function composerFile(string $text, string $version): string
{
    $pattern = '/^(    "version": )"[^"]*"(,)$/m';
    $count = preg_match_all($pattern, $text);
    $count === 1 || fail('composer.json: expected one `    "version": "...",` line, found ' . $count);
    return preg_replace($pattern, '${1}"' . $version . '"$2', $text);
}

$source = file_get_contents(SOURCE);
$source === false && fail('cannot read ' . SOURCE);
try {
    $vocabulary = json_decode($source, true, 16, JSON_THROW_ON_ERROR);
} catch (JsonException $error) {
    fail('bindings/vocabulary.json: ' . $error->getMessage());
}
$version = $vocabulary['version'] ?? null;
is_string($version) && preg_match('/^\d+\.\d+\.\d+$/', $version) || fail('no "version"');

$outputs = [
    'src/JobStatus.php' => enumFile(
        'JobStatus',
        " * The statuses this version knows. An event keeps the status text exactly as sent in\n"
        . " * WebhookEvent::\$status; WebhookEvent::\$knownStatus is its case here, or null for a status that\n"
        . ' * SharpAPI added later (a backed enum cannot hold a value it does not list).',
        $vocabulary['job_statuses'] ?? fail('no "job_statuses"'),
    ),
    'src/JobType.php' => enumFile(
        'JobType',
        " * The job types this version knows, in the order of their codes. An event keeps the type text\n"
        . " * exactly as sent in WebhookEvent::\$type; WebhookEvent::\$knownType is its case here, or null\n"
        . ' * for a type that SharpAPI added later.',
        $vocabulary['job_types'] ?? fail('no "job_types"'),
    ),
    'src/Cause.php' => causeFile($vocabulary['explain_causes'] ?? fail('no "explain_causes"')),
    'src/Internal/Vocabulary.php' => vocabularyFile($vocabulary['errors'] ?? fail('no "errors"'), $vocabulary),
];
foreach ($vocabulary['errors'] as $error) {
    $outputs['src/' . identifier($error['name']) . 'Exception.php'] = exceptionFile($error);
}
$composer = file_get_contents(PACKAGE . '/composer.json');
$composer === false && fail('cannot read composer.json');
$outputs['composer.json'] = composerFile($composer, $version);

$check = in_array('--check', array_slice($argv, 1), true);
$stale = [];
// A generated exception class of an error that the vocabulary no longer has.
foreach (glob(PACKAGE . '/src/*Exception.php') as $file) {
    $path = 'src/' . basename($file);
    if (!isset($outputs[$path]) && str_contains((string) file_get_contents($file), BANNER)) {
        if ($check) {
            $stale[] = "bindings/php/$path (no longer in the vocabulary)";
        } else {
            unlink($file) || fail("cannot remove $file");
        }
    }
}
foreach ($outputs as $path => $text) {
    $file = PACKAGE . '/' . $path;
    if ($check) {
        if (!is_file($file) || file_get_contents($file) !== $text) {
            $stale[] = "bindings/php/$path";
        }
    } elseif ((!is_file($file) || file_get_contents($file) !== $text) && file_put_contents($file, $text) === false) {
        fail("cannot write $file");
    }
}
if ($stale !== []) {
    fail('stale: ' . implode(', ', $stale) . '; run php bindings/php/generate_vocabulary.php');
}
echo 'generate_vocabulary: ' . ($check ? 'up to date' : 'written') . ' (' . count($outputs) . " files)\n";
