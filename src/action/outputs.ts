/** Output names, as declared in action.yml. */
export const Outputs = {
  Digest: 'digest',
  SignatureTag: 'signature-tag',
  Signatures: 'signatures',
  Path: 'path',
} as const

export interface SignatureRecord {
  readonly image: string
  readonly digest: string
  readonly signatureTag: string
}
