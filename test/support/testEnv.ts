// The SDK is pinned; its notice about future Node 22 requirements would only clutter test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
