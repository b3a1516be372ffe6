import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ChaosFailure, freePort, root, sleep, waitFor } from './lib.js';

/**
 * A single-node KRaft broker of its own for a scenario that stops the broker: the shared test
 * broker (9092) stays up for everything else on the machine. Same jars as the services'
 * broker (the classpath `scripts/services/up.sh kafka` resolved), data in the scenario's folder,
 * so a stop and a start keep every topic and offset, as a real broker's restart does.
 */
export class ScratchKafka {
  private child: ChildProcess | undefined;
  private readonly log: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly classpath: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async create(dir: string): Promise<ScratchKafka> {
    const servicesDir = process.env.MSTREAM_SERVICES_DIR ?? path.join(root, '.services');
    const cpFile = path.join(servicesDir, 'kafka/classpath.txt');
    if (!existsSync(cpFile)) throw new ChaosFailure(`no Kafka classpath at ${cpFile}: run scripts/services/up.sh kafka once`);
    const kafka = new ScratchKafka(dir, readFileSync(cpFile, 'utf8').trim(), await freePort(), await freePort());
    await kafka.format();
    return kafka;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private async format(): Promise<void> {
    await mkdir(path.join(this.dir, 'data'), { recursive: true });
    await writeFile(path.join(this.dir, 'server.properties'), [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
      'inter.broker.listener.name=PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${path.join(this.dir, 'data')}`,
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=4',
      'transaction.state.log.num.partitions=2',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'num.network.threads=2',
      'num.io.threads=2',
      '',
    ].join('\n'));
    await writeFile(path.join(this.dir, 'log4j2.properties'), 'status = error\nrootLogger.level = warn\n');
    const format = spawnSync('java', ['-Xmx256m', ...this.logArgs(), '-cp', this.classpath, 'kafka.tools.StorageTool', 'format', '-t', 'MkU3OEVBNTcwNTJENDM2Qk', '-c', path.join(this.dir, 'server.properties')], { encoding: 'utf8', timeout: 60_000 });
    if (format.status !== 0) throw new ChaosFailure(`formatting the scratch broker failed: ${(format.stdout + format.stderr).slice(-1000)}`);
  }

  private logArgs(): string[] {
    return [`-Dlog4j2.configurationFile=${path.join(this.dir, 'log4j2.properties')}`, `-Dkafka.logs.dir=${this.dir}`];
  }

  /** Starts the broker and waits (bounded) until it accepts connections. */
  async start(): Promise<void> {
    const child = spawn('java', ['-Xms128m', '-Xmx384m', '-XX:+UseSerialGC', '-Djava.awt.headless=true', ...this.logArgs(), '-cp', this.classpath, 'kafka.Kafka', path.join(this.dir, 'server.properties')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => this.push(c));
    child.stderr!.on('data', (c: Buffer) => this.push(c));
    this.child = child;
    const up = await waitFor(() => child.exitCode === null && canConnect(this.port), 90_000, 250);
    if (!up) throw new ChaosFailure(`the scratch broker did not start within 90 s:\n${this.log.join('').slice(-1500)}`);
    await sleep(1000); // the listener opens a moment before the broker serves metadata
  }

  /** Stops the broker (SIGTERM, as `scripts/services/down.sh` does; SIGKILL after 30 s): from then on clients get refused connections. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([gone, sleep(30_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await Promise.race([gone, sleep(10_000)]);
    }
  }

  private push(chunk: Buffer): void {
    this.log.push(chunk.toString());
    if (this.log.length > 500) this.log.splice(0, 250);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
