<?php

declare(strict_types=1);

// queue:work reads its restart signal from the cache; nothing else here caches.
return ['default' => 'array', 'stores' => ['array' => ['driver' => 'array']]];
