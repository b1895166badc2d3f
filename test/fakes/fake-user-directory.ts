import type { DirectoryUser, UserDirectory } from '#shared/auth/user-directory';

export const fakeUserDirectory = (users: DirectoryUser[]): UserDirectory => ({
  findUser: async (username) => users.find((user) => user.username === username),
});

export const DEMO_DIRECTORY: DirectoryUser[] = [
  { username: 'admin', name: 'Admin', enabled: true, roles: ['admin'] },
  { username: 'sales', name: '王芳 Wang Fang', enabled: true, roles: ['sales-manager'] },
  { username: 'am1', name: '李雷 Li Lei', enabled: true, roles: ['account-manager'] },
  { username: 'am2', name: 'Jane Doe', enabled: true, roles: ['account-manager'] },
  { username: 'exec', name: 'Exec', enabled: true, roles: ['executive'] },
  { username: 'gone', name: 'Gone', enabled: false, roles: ['account-manager'] },
];
