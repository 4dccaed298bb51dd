package com.sharpapi.webhooks.integration.testing

import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.net.Socket
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * One HTTP/1.1 exchange over a raw socket on 127.0.0.1, for the integrations' real-server tests:
 * what the JDK's client will not send (a Content-Length whose body never comes, chunks of the
 * test's choosing), with the answer read while the body is still going out, as a server that
 * answers 413 early needs. Shared through this module's test jar.
 */
object RawHttp {
    /** A status, headers (names in lower case) and the body as UTF-8 text. */
    data class Answer(val status: Int, val headers: Map<String, String>, val body: String)

    @JvmStatic
    fun exchange(port: Int, method: String, headers: List<Pair<String, String>>, parts: List<ByteArray>, chunked: Boolean): Answer {
        Socket("127.0.0.1", port).use { socket ->
            socket.soTimeout = 30_000
            val input = socket.getInputStream()
            val received = CompletableFuture.supplyAsync { readAnswer(input) }
            val head = buildString {
                append("$method /webhooks/sharpapi HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                for ((name, value) in headers) append("$name: $value\r\n")
                if (chunked) append("Transfer-Encoding: chunked\r\n")
                append("\r\n")
            }
            val output = socket.getOutputStream()
            try {
                output.write(head.toByteArray(Charsets.ISO_8859_1))
                for (part in parts) {
                    if (received.isDone) break // answered already: stop sending, as a client would
                    if (chunked) {
                        output.write("${Integer.toHexString(part.size)}\r\n".toByteArray(Charsets.ISO_8859_1))
                        output.write(part)
                        output.write("\r\n".toByteArray(Charsets.ISO_8859_1))
                    } else {
                        output.write(part)
                    }
                }
                if (chunked && !received.isDone) output.write("0\r\n\r\n".toByteArray(Charsets.ISO_8859_1))
                output.flush()
            } catch (_: IOException) {
                // The server answered and stopped reading; its answer is what counts.
            }
            return parse(received.get(30, TimeUnit.SECONDS))
        }
    }

    /** [exchange] with Java's pairs: each header an array of its name and value. */
    @JvmStatic
    fun exchange(port: Int, method: String, headers: Array<Array<String>>, parts: List<ByteArray>, chunked: Boolean): Answer =
        exchange(port, method, headers.map { (name, value) -> name to value }, parts, chunked)

    /** [body] cut in parts of [size] bytes. */
    @JvmStatic
    fun parts(body: ByteArray, size: Int): List<ByteArray> =
        (body.indices step size).map { start -> body.copyOfRange(start, minOf(body.size, start + size)) }

    // Until the connection closes or, for an answer with a Content-Length, until its end: a server
    // may go on reading (swallowing) the rest of a refused body before it closes.
    private fun readAnswer(input: InputStream): ByteArray {
        val all = ByteArrayOutputStream()
        val buffer = ByteArray(8192)
        try {
            while (true) {
                val read = input.read(buffer)
                if (read < 0) break
                all.write(buffer, 0, read)
                if (complete(all.toByteArray())) break
            }
        } catch (_: IOException) {
            // A reset after the answer: what arrived is kept.
        }
        return all.toByteArray()
    }

    private fun complete(raw: ByteArray): Boolean {
        val text = String(raw, Charsets.ISO_8859_1)
        val end = text.indexOf("\r\n\r\n")
        if (end < 0) return false
        val length = text.substring(0, end).split("\r\n")
            .firstOrNull { it.lowercase().startsWith("content-length:") }
            ?.substringAfter(':')?.trim()?.toInt() ?: return false
        return raw.size >= end + 4 + length
    }

    private fun parse(raw: ByteArray): Answer {
        val text = String(raw, Charsets.ISO_8859_1)
        val end = text.indexOf("\r\n\r\n")
        check(end >= 0) { "no complete answer: $text" }
        val lines = text.substring(0, end).split("\r\n")
        val headers = lines.drop(1).associate { line ->
            line.substringBefore(':').trim().lowercase() to line.substringAfter(':').trim()
        }
        var rest = text.substring(end + 4)
        val body = when {
            headers["transfer-encoding"].equals("chunked", ignoreCase = true) -> buildString {
                while (true) {
                    val lineEnd = rest.indexOf("\r\n")
                    val size = rest.substring(0, lineEnd).trim().toInt(16)
                    if (size == 0) break
                    append(rest, lineEnd + 2, lineEnd + 2 + size)
                    rest = rest.substring(lineEnd + 2 + size + 2)
                }
            }
            headers.containsKey("content-length") -> rest.substring(0, headers.getValue("content-length").toInt())
            else -> rest
        }
        return Answer(lines[0].split(" ")[1].toInt(), headers, String(body.toByteArray(Charsets.ISO_8859_1), Charsets.UTF_8))
    }
}
