package com.sharpapi.webhooks

import com.sun.jna.Native
import com.sun.jna.Platform
import java.io.File
import java.io.IOException

// ---- Which native library: JNA's platform folders, musl, and the overrides ------------------------
//
// The jar carries the library of each platform in the resource folder JNA looks in for it on the
// class path (com.sun.jna.Platform.RESOURCE_PREFIX: linux-x86-64, linux-aarch64, darwin-x86-64,
// darwin-aarch64, win32-x86-64), named as JNA maps "sharpapi_webhooks": JNA finds those by
// itself, after jna.library.path and the system's search path. JNA's prefix does not tell musl
// from glibc (both are linux-x86-64), so the musl libraries live in folders of the package's own,
// linux-musl-x86-64 and linux-musl-aarch64: on musl the package extracts that one and hands its
// path to UniFFI's generated code through the system property the code reads.

/** The name UniFFI's generated code registers with JNA (generate.sh sets the cdylib name). */
internal const val LIBRARY_NAME = "sharpapi_webhooks"

/** UniFFI's override: a library name or path, read when the generated code first loads the library. */
internal const val LIBRARY_OVERRIDE_PROPERTY = "uniffi.component.sharpapi_webhooks.libraryOverride"

/** The environment variable that names the library file to load, as in the other packages. */
internal const val LIBRARY_OVERRIDE_VARIABLE = "SHARPAPI_WEBHOOKS_LIBRARY"

/** Every native folder of the jar: JNA's resource prefixes, and the package's own two for musl. */
internal val JAR_PLATFORM_FOLDERS = listOf(
    "linux-x86-64", "linux-aarch64", "linux-musl-x86-64", "linux-musl-aarch64",
    "darwin-x86-64", "darwin-aarch64", "win32-x86-64",
)

/** The jar's folder for JNA's [resourcePrefix]: on musl Linux, the package's linux-musl-<arch> one. */
internal fun jarFolder(resourcePrefix: String, musl: Boolean): String =
    if (musl && resourcePrefix.startsWith("linux-")) "linux-musl-" + resourcePrefix.removePrefix("linux-") else resourcePrefix

/** The library's file name in a jar folder, as JNA maps "sharpapi_webhooks" on that platform. */
internal fun libraryFileName(folder: String): String = when {
    folder.startsWith("win32-") -> "$LIBRARY_NAME.dll"
    folder.startsWith("darwin-") -> "lib$LIBRARY_NAME.dylib"
    else -> "lib$LIBRARY_NAME.so"
}

/**
 * Whether a process with these `/proc/self/maps` lines runs on musl: its loader,
 * `ld-musl-<arch>.so.1` (its C library too), is mapped; a glibc process maps `ld-linux-*` and
 * `libc.so.6` instead.
 */
internal fun isMuslProcess(mapsLines: Sequence<String>): Boolean = mapsLines.any { line ->
    val file = line.substringAfterLast('/', "")
    file.startsWith("ld-musl-") || file.startsWith("libc.musl-")
}

internal fun currentIsMusl(): Boolean {
    if (!Platform.isLinux()) return false
    return try {
        File("/proc/self/maps").useLines { isMuslProcess(it) }
    } catch (error: IOException) {
        // No /proc: musl installs its loader as /lib/ld-musl-<arch>.so.1, glibc never does.
        File("/lib").list()?.any { it.startsWith("ld-musl-") } ?: false
    }
}

/** The platform as messages name it: "Linux aarch64 (musl libc), JNA platform linux-aarch64". */
internal fun describePlatform(osName: String, osArch: String, resourcePrefix: String, linux: Boolean, musl: Boolean): String {
    val libc = if (!linux) "" else if (musl) " (musl libc)" else " (glibc)"
    return "$osName $osArch$libc, JNA platform $resourcePrefix"
}

internal fun currentPlatform(): String = describePlatform(
    System.getProperty("os.name"), System.getProperty("os.arch"), Platform.RESOURCE_PREFIX, Platform.isLinux(), currentIsMusl(),
)

/** Says that the jar has no library for [platform], and what to do. */
internal fun noLibraryMessage(platform: String): String =
    "sharpapi-webhooks has no native library for this platform, $platform: the jar carries " +
        JAR_PLATFORM_FOLDERS.joinToString(", ") + ". Build the library for this platform (scripts/install_c.sh " +
        "in the project's repository) and set $LIBRARY_OVERRIDE_VARIABLE (or the system property " +
        "$LIBRARY_OVERRIDE_PROPERTY) to its path"

/** The jar's library for [folder], as a class path resource, when the jar has it. */
internal fun jarResource(folder: String, loader: ClassLoader?): String? {
    val resource = "$folder/${libraryFileName(folder)}"
    return resource.takeIf { (loader ?: ClassLoader.getSystemClassLoader()).getResource(it) != null }
}

/** The jar's musl library for JNA's [resourcePrefix], extracted into JNA's temporary folder; null when absent. */
internal fun extractMuslLibrary(resourcePrefix: String, loader: ClassLoader?): File? {
    val resource = jarResource(jarFolder(resourcePrefix, musl = true), loader) ?: return null
    return Native.extractFromResourcePath("/$resource", loader)
}

/**
 * Sets [LIBRARY_OVERRIDE_PROPERTY], which UniFFI's generated code reads, before it loads the
 * library: to the file [LIBRARY_OVERRIDE_VARIABLE] names, or on musl to the jar's musl library.
 * A property set by the user wins; otherwise JNA's own search applies.
 */
internal fun selectLibrary(loader: ClassLoader?) {
    if (System.getProperty(LIBRARY_OVERRIDE_PROPERTY) != null) return
    val variable = System.getenv(LIBRARY_OVERRIDE_VARIABLE)
    if (!variable.isNullOrEmpty()) {
        val file = File(variable).absoluteFile
        if (!file.isFile) {
            throw UnsatisfiedLinkError("sharpapi-webhooks: $LIBRARY_OVERRIDE_VARIABLE names $file, which is not a file")
        }
        System.setProperty(LIBRARY_OVERRIDE_PROPERTY, file.path)
        return
    }
    if (currentIsMusl()) {
        extractMuslLibrary(Platform.RESOURCE_PREFIX, loader)?.let { System.setProperty(LIBRARY_OVERRIDE_PROPERTY, it.path) }
    }
}

/** Explains JNA's [failure] to load the library: no library for this platform, or why this one failed. */
internal fun loadFailureMessage(failure: Throwable, loader: ClassLoader?): String {
    val overridden = System.getProperty(LIBRARY_OVERRIDE_PROPERTY)
    val platform = currentPlatform()
    return if (overridden == null && jarResource(jarFolder(Platform.RESOURCE_PREFIX, currentIsMusl()), loader) == null) {
        noLibraryMessage(platform) + " (JNA: ${failure.message})"
    } else {
        "sharpapi-webhooks could not load its native library ${overridden ?: LIBRARY_NAME} on $platform: ${failure.message}"
    }
}
