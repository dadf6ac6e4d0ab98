/** Signaling's view of room membership, for event broadcast; the round's record and its live captions. */
package org.telerounds.signaling.rooms;
