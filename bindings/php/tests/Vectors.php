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
        $vectors = [];
        foreach (self::files() as $file) {
            $contents = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
            foreach ($contents['vectors'] as $vector) {
                if (isset($vectors[$vector['name']])) {
                    throw new \UnexpectedValueException("two vectors are named {$vector['name']}");
                }
                $vectors[$vector['name']] = $vector;
            }
        }
        return $vectors;
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
