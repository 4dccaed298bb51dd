package com.sharpapi.webhooks

import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import java.io.File
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource

/**
 * The jar's platforms: a library in each of JNA's folders and the two musl ones, each of its
 * platform's format; the folder chosen per platform (only Linux x86-64 with glibc runs here); the
 * musl detection; and the messages that name a platform without a library.
 */
class PlatformTest {
    private val loader = Verifier::class.java.classLoader

    @ParameterizedTest
    @CsvSource(
        "linux-x86-64, false, linux-x86-64",
        "linux-aarch64, false, linux-aarch64",
        "linux-x86-64, true, linux-musl-x86-64",
        "linux-aarch64, true, linux-musl-aarch64",
        "darwin-x86-64, false, darwin-x86-64",
        "darwin-aarch64, false, darwin-aarch64",
        "win32-x86-64, false, win32-x86-64",
        "linux-arm, true, linux-musl-arm",
    )
    fun `the jar folder of a JNA platform`(prefix: String, musl: Boolean, folder: String) {
        assertEquals(folder, jarFolder(prefix, musl))
    }

    @ParameterizedTest
    @CsvSource(
        "linux-x86-64, false, true", "linux-aarch64, false, true", "linux-x86-64, true, true", "linux-aarch64, true, true",
        "darwin-x86-64, false, true", "darwin-aarch64, false, true", "win32-x86-64, false, true",
        "linux-arm, false, false", "linux-x86, true, false", "win32-aarch64, false, false", "freebsd-x86-64, false, false",
    )
    fun `the jar has a library for exactly its seven platforms`(prefix: String, musl: Boolean, present: Boolean) {
        assertEquals(present, jarResource(jarFolder(prefix, musl), loader) != null)
    }

    /** Each folder's file is a shared library of that platform's format and CPU. */
    @ParameterizedTest
    @CsvSource(
        "linux-x86-64, elf, 62, libc.so.6", "linux-aarch64, elf, 183, libc.so.6",
        "linux-musl-x86-64, elf, 62, libc.so", "linux-musl-aarch64, elf, 183, libc.so",
        "darwin-x86-64, macho, 16777223, -", "darwin-aarch64, macho, 16777228, -", "win32-x86-64, pe, 34404, -",
    )
    fun `each folder holds its platform's library`(folder: String, format: String, machine: Int, libc: String) {
        assertTrue(folder in JAR_PLATFORM_FOLDERS)
        val bytes = loader.getResourceAsStream("$folder/${libraryFileName(folder)}")!!.use { it.readBytes() }
        val little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
        when (format) {
            "elf" -> {
                assertArrayEquals(byteArrayOf(0x7f, 'E'.code.toByte(), 'L'.code.toByte(), 'F'.code.toByte(), 2), bytes.copyOf(5))
                assertEquals(3, little.getShort(16).toInt(), "ET_DYN")
                assertEquals(machine, little.getShort(18).toInt() and 0xffff, "e_machine")
                // glibc's C library is libc.so.6; musl's, libc.so.
                assertTrue(String(bytes, Charsets.ISO_8859_1).contains("\u0000$libc\u0000"), "needs $libc")
            }
            "macho" -> {
                assertEquals(0xfeedfacf.toInt(), little.getInt(0), "MH_MAGIC_64")
                assertEquals(machine, little.getInt(4), "cputype")
                assertEquals(6, little.getInt(12), "MH_DYLIB")
            }
            "pe" -> {
                val pe = little.getInt(0x3c)
                assertEquals("PE\u0000\u0000", String(bytes, pe, 4, Charsets.ISO_8859_1))
                assertEquals(machine, little.getShort(pe + 4).toInt() and 0xffff, "Machine")
                assertTrue(little.getShort(pe + 22).toInt() and 0x2000 != 0, "IMAGE_FILE_DLL")
            }
        }
    }

    @Test
    fun `the library file names are JNA's mapping of sharpapi_webhooks`() {
        assertEquals("libsharpapi_webhooks.so", libraryFileName("linux-musl-aarch64"))
        assertEquals("libsharpapi_webhooks.dylib", libraryFileName("darwin-aarch64"))
        assertEquals("sharpapi_webhooks.dll", libraryFileName("win32-x86-64"))
        assertEquals(System.mapLibraryName(LIBRARY_NAME), libraryFileName("linux-x86-64"))
    }

    @Test
    fun `musl is told by the mapped loader`() {
        val glibc = sequenceOf(
            "55d0c6c8e000-55d0c6c90000 r--p 00000000 08:01 1234 /usr/lib/jvm/java-17/bin/java",
            "7f1a2b000000-7f1a2b028000 r--p 00000000 08:01 2345 /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f1a2b300000-7f1a2b302000 r--p 00000000 08:01 3456 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
            "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]",
        )
        val musl = sequenceOf(
            "5581d2a00000-5581d2a02000 r--p 00000000 08:01 1234 /usr/lib/jvm/java-17-openjdk/bin/java",
            "7f3c4e000000-7f3c4e014000 r--p 00000000 08:01 2345 /lib/ld-musl-aarch64.so.1",
        )
        assertFalse(isMuslProcess(glibc))
        assertTrue(isMuslProcess(musl))
        assertFalse(currentIsMusl())
    }

    @Test
    fun `on musl the jar's musl library is extracted for UniFFI`() {
        for ((prefix, folder) in listOf("linux-x86-64" to "linux-musl-x86-64", "linux-aarch64" to "linux-musl-aarch64")) {
            val extracted = extractMuslLibrary(prefix, loader)
            assertNotNull(extracted, prefix)
            val expected = loader.getResourceAsStream("$folder/libsharpapi_webhooks.so")!!.use { it.readBytes() }
            assertArrayEquals(expected, extracted!!.readBytes(), prefix)
        }
        assertNull(extractMuslLibrary("linux-arm", loader))
    }

    @Test
    fun `this machine is Linux x86-64 with glibc, and the library is the jar's linux-x86-64 one`() {
        sign(ByteArray(0), "whsec_load")
        assertTrue(currentPlatform().endsWith(" (glibc), JNA platform linux-x86-64"), currentPlatform())
        assertNull(System.getProperty(LIBRARY_OVERRIDE_PROPERTY))
        val loaded = NativeLibrary.getInstance(LIBRARY_NAME, mapOf(Library.OPTION_CLASSLOADER to loader)).file
        assertEquals(File(loader.getResource("linux-x86-64/libsharpapi_webhooks.so")!!.toURI()), loaded)
    }

    @Test
    fun `a platform without a library is named in the error`() {
        val platform = describePlatform("Linux", "arm", "linux-arm", linux = true, musl = true)
        assertEquals("Linux arm (musl libc), JNA platform linux-arm", platform)
        assertEquals("FreeBSD amd64, JNA platform freebsd-x86-64", describePlatform("FreeBSD", "amd64", "freebsd-x86-64", false, false))
        assertEquals(
            "sharpapi-webhooks has no native library for this platform, Linux arm (musl libc), JNA platform linux-arm: " +
                "the jar carries linux-x86-64, linux-aarch64, linux-musl-x86-64, linux-musl-aarch64, darwin-x86-64, " +
                "darwin-aarch64, win32-x86-64. Build the library for this platform (scripts/install_c.sh in the " +
                "project's repository) and set SHARPAPI_WEBHOOKS_LIBRARY (or the system property " +
                "uniffi.component.sharpapi_webhooks.libraryOverride) to its path",
            noLibraryMessage(platform),
        )
    }

    @Test
    fun `SHARPAPI_WEBHOOKS_LIBRARY naming no file is a clear error`() {
        val missing = File("target/no_such_library.so").absoluteFile
        val lines = probe(missing.path)
        assertEquals(2, lines.size, lines.joinToString("\n"))
        for (line in lines) {
            assertEquals("UnsatisfiedLinkError: sharpapi-webhooks: SHARPAPI_WEBHOOKS_LIBRARY names $missing, which is not a file", line)
        }
    }

    @Test
    fun `a library that cannot be loaded is named with the platform and the reason, at every call`() {
        val dylib = File(loader.getResource("darwin-aarch64/libsharpapi_webhooks.dylib")!!.toURI())
        val lines = probe(dylib.path)
        assertEquals(2, lines.size, lines.joinToString("\n"))
        for (line in lines) {
            assertTrue(
                line.startsWith(
                    "UnsatisfiedLinkError: sharpapi-webhooks could not load its native library $dylib on Linux amd64 (glibc), " +
                        "JNA platform linux-x86-64: ",
                ),
                line,
            )
            assertTrue(line.contains("invalid ELF header"), line)
        }
    }

    @Test
    fun `SHARPAPI_WEBHOOKS_LIBRARY names the library to load`() {
        val copy = File("target/override/libsharpapi_webhooks.so").absoluteFile
        copy.parentFile.mkdirs()
        loader.getResourceAsStream("linux-x86-64/libsharpapi_webhooks.so")!!.use { input -> copy.outputStream().use { input.copyTo(it) } }
        assertEquals(listOf("signed with $copy", "signed with $copy"), probe(copy.path))
    }

    /** Runs LoadProbe in a JVM of its own (a library, once loaded, stays) with SHARPAPI_WEBHOOKS_LIBRARY set. */
    private fun probe(library: String): List<String> {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoadProbe::class.java.name)
            .redirectErrorStream(true)
            .apply { environment()[LIBRARY_OVERRIDE_VARIABLE] = library }
            .start()
        val output = process.inputStream.bufferedReader().readText()
        assertTrue(process.waitFor(60, TimeUnit.SECONDS))
        assertEquals(0, process.exitValue(), output)
        return output.trimEnd('\n').split('\n')
    }
}

/** Signs twice, printing the library used or the error: PlatformTest runs it in a JVM of its own. */
object LoadProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        repeat(2) {
            try {
                sign(ByteArray(0), "whsec_probe")
                println("signed with " + System.getProperty(LIBRARY_OVERRIDE_PROPERTY))
            } catch (error: Throwable) {
                println(error.javaClass.simpleName + ": " + error.message?.replace('\n', ' '))
            }
        }
    }
}
