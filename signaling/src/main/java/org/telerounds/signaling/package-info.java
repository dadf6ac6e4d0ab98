/** The telerounds process entry point, wiring media and signaling from one configuration. */
package org.telerounds.signaling;
