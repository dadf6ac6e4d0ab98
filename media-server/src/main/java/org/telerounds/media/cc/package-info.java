/**
 * Transport-wide congestion control: the feedback a receiver sends ({@link TwccFeedbackGenerator},
 * for publishers, so the browser's own estimate drives the cart's upload) and the send-side
 * estimate the server runs per subscriber from that subscriber's feedback ({@link SendSideBwe}:
 * delay-based and loss-based, GCC-style, with probe clusters to find room fast). Pure logic: time comes in as arguments from the caller's
 * injected clock, and nothing here touches a socket.
 */
package org.telerounds.media.cc;
