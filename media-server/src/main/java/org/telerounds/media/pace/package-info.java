/**
 * Pacing: the last step before a subscriber's transport. A {@link Pacer} releases one subscriber's
 * packets at a rate that follows its bandwidth estimate, in priority order (audio first, never
 * queued; then retransmissions, the base video layer, higher layers), with a bounded queue delay.
 * Pure logic over buffers it owns while they wait; time comes from the caller's clock, and the
 * sink it is given does the sending.
 */
package org.telerounds.media.pace;
