/** What the command-line tools share: picocli set-up with one-line errors, and safe output files. */
package org.telerounds.media.cli;
