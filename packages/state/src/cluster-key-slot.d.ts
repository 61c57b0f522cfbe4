/** The hash slot of a key (CRC16 of its hash tag, mod 16384): the package ioredis itself uses. */
declare module 'cluster-key-slot' {
  function calculateSlot(key: string | Buffer): number;
  export = calculateSlot;
}
