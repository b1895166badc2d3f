/** The caller as a use case sees them: who, and the scope the permission table grants for the capability. */
export interface Caller {
  readonly username: string;
  readonly scope: 'all' | 'own';
}
