<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * What Verifier::explain() found: the causes that, undone together, make the signature match, or
 * one of Cause::SignatureMatches, Cause::MissingSignature, Cause::MalformedSignature and
 * Cause::Unexplained alone. For the endpoint's owner (a log), never for the sender.
 */
final class Explanation implements \Stringable
{
    /** @param list<Cause> $causes */
    private function __construct(public readonly array $causes)
    {
    }

    /**
     * The causes of the C ABI's cause set, in the order of their numbers: cause n is bit n - 1.
     *
     * @internal
     */
    public static function fromCauseSet(int $causeSet): self
    {
        $causes = [];
        foreach (Cause::cases() as $cause) {
            if (($causeSet >> ($cause->code() - 1)) & 1) {
                $causes[] = $cause;
            }
        }
        if ($causes === []) {
            // The library always names at least one cause of its own version, which load() checked.
            throw new \LogicException("sharpapi-webhooks: the native library explained with no known cause ($causeSet)");
        }
        return new self($causes);
    }

    /** Whether the signature matches the body as received (Cause::SignatureMatches alone): nothing to explain. */
    public function isValid(): bool
    {
        return $this->causes === [Cause::SignatureMatches];
    }

    /** Each cause's description, joined with "; ": one line for a log. */
    public function summary(): string
    {
        return implode('; ', array_map(static fn (Cause $cause): string => $cause->description(), $this->causes));
    }

    /** The summary(). */
    public function __toString(): string
    {
        return $this->summary();
    }
}
