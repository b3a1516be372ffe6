export { Host, HOST_VERSION, type HostOptions } from './host.js';
export { HostCodecs } from './codecs/host-codecs.js';
export type { MstreamConfig, ConnectorConfig, ServiceConfig } from './config/config-types.js';
export { parseConfigText } from './config/read-config-file.js';
