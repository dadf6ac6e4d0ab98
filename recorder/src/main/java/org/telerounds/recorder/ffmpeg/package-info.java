/**
 * Which ffmpeg the recorder runs and running it: the system's ffmpeg from the PATH (Debian's, kept
 * up to date by the OS) or, failing that, the one JAVE bundles, unpacked to a private directory and
 * checked against its SHA-256 before every run (docs/security.md).
 */
package org.telerounds.recorder.ffmpeg;
