/**
 * The archive of finished rounds: finding them (by cart, ward, participant, date), handing out
 * short-lived download links, legal holds, and retention-checked deletion (docs/recording.md).
 */
package org.telerounds.recorder.archive;
