<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

/**
 * Every vector of tests/vectors/*.json, the one source of every language's test data; the schema
 * is tests/vectors/README.md.
 */
final class Vectors
{
    /** @return list<string> */
    public static function files(): array
    {
        $files = glob(Repository::root() . '/tests/vectors/*.json');
        sort($files);
        return $files;
    }

    /** @return array<string, array<string, mixed>> every vector, by its name */
    public static function all(): array
    {
        return self::byName(self::files(), 'vectors');
    }

    /** @return list<string> tests/vectors/explain/*.json, what Verifier::explain() must find */
    public static function explainFiles(): array
    {
        $files = glob(Repository::root() . '/tests/vectors/explain/*.json');
        sort($files);
        return $files;
    }

    /** @return array<string, array<string, mixed>> every explain vector, by its name */
    public static function explainAll(): array
    {
        return self::byName(self::explainFiles(), 'explain vectors');
    }

    /** tests/vectors/test_delivery/deliveries.json, what TestDelivery::create() must make */
    public static function testDeliveryFile(): string
    {
        return Repository::root() . '/tests/vectors/test_delivery/deliveries.json';
    }

    /** @return array<string, array<string, mixed>> every test delivery vector, by its name */
    public static function testDeliveryAll(): array
    {
        return self::byName([self::testDeliveryFile()], 'test delivery vectors');
    }

    /**
     * The vectors of $files by name; a missing file or a name given twice throws, so that no
     * vector is lost or run twice.
     *
     * @param list<string> $files
     * @return array<string, array<string, mixed>>
     */
    private static function byName(array $files, string $kind): array
    {
        $vectors = [];
        foreach ($files as $file) {
            $text = is_file($file) ? file_get_contents($file) : false;
            if ($text === false) {
                throw new \UnexpectedValueException("cannot read $file");
            }
            $contents = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
            foreach ($contents['vectors'] as $vector) {
                if (isset($vectors[$vector['name']])) {
                    throw new \UnexpectedValueException("two $kind are named {$vector['name']}");
                }
                $vectors[$vector['name']] = $vector;
            }
        }
        return $vectors;
    }

    /**
     * A secret of a vector as the bytes PHP passes: a string as its UTF-8; {"utf16": [...]}, a
     * string of UTF-16 code units that may hold a lone surrogate, as its WTF-8 (a surrogate pair
     * as the UTF-8 of its character, a lone surrogate U+D800..U+DFFF as the 3 bytes ED xx xx,
     * which are not UTF-8).
     */
    public static function secret(mixed $secret): string
    {
        if (is_string($secret)) {
            return $secret;
        }
        $units = $secret['utf16'];
        $bytes = '';
        for ($i = 0, $count = count($units); $i < $count; $i++) {
            $unit = $units[$i];
            $next = $units[$i + 1] ?? null;
            if ($unit >= 0xD800 && $unit <= 0xDBFF && $next !== null && $next >= 0xDC00 && $next <= 0xDFFF) {
                $unit = 0x10000 + (($unit - 0xD800) << 10) + ($next - 0xDC00);
                $i++;
            }
            $bytes .= self::generalizedUtf8($unit);
        }
        return $bytes;
    }

    /** The UTF-8 encoding of any code point, a surrogate too (which UTF-8 proper refuses). */
    public static function generalizedUtf8(int $codePoint): string
    {
        return match (true) {
            $codePoint < 0x80 => chr($codePoint),
            $codePoint < 0x800 => chr(0xC0 | ($codePoint >> 6)) . chr(0x80 | ($codePoint & 0x3F)),
            $codePoint < 0x10000 => chr(0xE0 | ($codePoint >> 12)) . chr(0x80 | (($codePoint >> 6) & 0x3F))
                . chr(0x80 | ($codePoint & 0x3F)),
            default => chr(0xF0 | ($codePoint >> 18)) . chr(0x80 | (($codePoint >> 12) & 0x3F))
                . chr(0x80 | (($codePoint >> 6) & 0x3F)) . chr(0x80 | ($codePoint & 0x3F)),
        };
    }

    /**
     * A headers vector's pairs as PSR-7's getHeaders() shape: each name as sent, mapped to the
     * list of its values in order (names differing in case stay apart, as they were sent).
     *
     * @param list<array{string, string}> $pairs
     * @return array<string, list<string>>
     */
    public static function headerMap(array $pairs): array
    {
        $map = [];
        foreach ($pairs as [$name, $value]) {
            $map[$name][] = $value;
        }
        return $map;
    }

    /** @param array<string, mixed> $vector */
    public static function rawBody(array $vector): string
    {
        if (array_key_exists('body', $vector)) {
            return $vector['body'];
        }
        $rawBody = base64_decode($vector['body_base64'], true);
        if ($rawBody === false) {
            throw new \UnexpectedValueException("{$vector['name']}: body_base64 is not base64");
        }
        return $rawBody;
    }
}
