/** Signaling's view of room membership, for event broadcast. */
package org.telerounds.signaling.rooms;
