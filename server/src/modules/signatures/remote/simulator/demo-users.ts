/**
 * Demo accounts for the CSC simulator: a demo root CA and signers with Vietnamese names, RSA and
 * ECDSA keys, one agency seal and one disabled credential. Created fresh on each call (keys in memory).
 */
import { createCertificateAuthority, issueCertificate, type KeyedCertificate } from '../../pki/index.ts';
import type { SimulatedUser } from './csc-simulator.ts';

export interface DemoCscAccounts {
  ca: KeyedCertificate;
  users: SimulatedUser[];
}

export const DEMO_CSC_PASSWORD = 'matkhau-demo';

export async function createDemoCscUsers(
  options: { caSubject?: string; password?: string } = {},
): Promise<DemoCscAccounts> {
  const ca = await createCertificateAuthority({
    subject:
      options.caSubject ?? 'CN=Ban Cơ yếu Chính phủ (mô phỏng ký số từ xa),O=Ban Cơ yếu Chính phủ,C=VN',
    validityYears: 5,
  });
  const org = 'O=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng,C=VN';
  const chairman = await issueCertificate(ca, {
    subject: `CN=Nguyễn Văn Ký,T=Chủ tịch,${org}`,
    keyUsage: 'personal',
  });
  const chairmanEc = await issueCertificate(ca, {
    subject: `CN=Nguyễn Văn Ký,T=Chủ tịch,${org}`,
    keyUsage: 'personal',
    algorithm: 'ECDSA-P256',
  });
  const deputy = await issueCertificate(ca, {
    subject: `CN=Trần Thị Hồng Nhung,T=Phó Chủ tịch,${org}`,
    keyUsage: 'personal',
    algorithm: 'ECDSA-P256',
  });
  const seal = await issueCertificate(ca, {
    subject: `CN=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng,${org}`,
    keyUsage: 'agency',
  });
  const password = options.password ?? DEMO_CSC_PASSWORD;
  return {
    ca,
    users: [
      {
        userId: '068079001234',
        password,
        displayName: 'Nguyễn Văn Ký',
        credentials: [
          { credentialID: 'nvky-rsa', description: 'Chữ ký số cá nhân (RSA 2048)', key: chairman },
          { credentialID: 'nvky-ecdsa', description: 'Chữ ký số cá nhân (ECDSA P-256)', key: chairmanEc },
          { credentialID: 'mttq-lamdong-seal', description: 'Con dấu số của cơ quan', key: seal },
          { credentialID: 'nvky-cu', description: 'Chứng thư cũ đã tạm dừng', key: chairman, disabled: true },
        ],
      },
      {
        userId: '068185005678',
        password,
        displayName: 'Trần Thị Hồng Nhung',
        credentials: [{ credentialID: 'tthnhung-ecdsa', description: 'Chữ ký số cá nhân', key: deputy }],
      },
    ],
  };
}
