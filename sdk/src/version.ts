/**
 * The version of this SDK. Plugins declare the SDK range they were built for
 * (`definePlugin({ sdk: '^0.1.0' })`) and the host refuses a plugin whose range does not
 * include the host's SDK version. Follows semver: a breaking change to any exported
 * interface bumps the major (or, before 1.0, the minor) version.
 * @public
 */
export const SDK_VERSION = '0.1.0';

/**
 * Version of the plugin object shape produced by {@link definePlugin}. Bumped only if the
 * shape of the branded plugin object itself changes, independently of the SDK's semver.
 * @public
 */
export const PLUGIN_API_VERSION = 1;
