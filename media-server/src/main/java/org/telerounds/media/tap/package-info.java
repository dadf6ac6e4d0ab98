/** Listener interfaces through which the recorder and the audio path see media. */
package org.telerounds.media.tap;
