<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Support;

/** A body that fails the test when read. */
trait UnreadableStream
{
    public function __toString(): string
    {
        throw new \LogicException('the body was read');
    }

    public function close(): void
    {
    }

    public function detach()
    {
        return null;
    }

    public function getSize(): ?int
    {
        return null;
    }

    public function tell(): int
    {
        return 0;
    }

    public function eof(): bool
    {
        return false;
    }

    public function isSeekable(): bool
    {
        return false;
    }

    public function seek($offset, $whence = SEEK_SET): void
    {
        throw new \LogicException('the body was read');
    }

    public function rewind(): void
    {
        throw new \LogicException('the body was read');
    }

    public function isWritable(): bool
    {
        return false;
    }

    public function write($string): int
    {
        throw new \LogicException('the body was written');
    }

    public function isReadable(): bool
    {
        return true;
    }

    public function read($length): string
    {
        throw new \LogicException('the body was read');
    }

    public function getContents(): string
    {
        throw new \LogicException('the body was read');
    }

    public function getMetadata($key = null)
    {
        return null;
    }
}
