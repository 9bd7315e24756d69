/** Organisation endpoints: units, levels, reorganisations, staff and imports. Paths live here only. */
import type {
  CreateStaff,
  CreateUnit,
  ImportReport,
  ReorganisationPreview,
  ReorganisationRequest,
  ReorganisationResult,
  StaffDetail,
  StaffList,
  StaffListQuery,
  UnitDetail,
  UnitLevel,
  UnitList,
  UnitListQuery,
  UnitTree,
  UpdateStaff,
  UpdateUnit,
} from '@mts/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from './client.ts';

export const organisationPaths = {
  units: '/units',
  unitTree: '/units/tree',
  unit: (id: string) => `/units/${id}`,
  levels: '/unit-levels',
  reorganisationPreview: '/units/reorganisations/preview',
  reorganisations: '/units/reorganisations',
  staff: '/staff',
  staffMember: (id: string) => `/staff/${id}`,
  staffImport: '/imports/staff',
  staffImportTemplate: '/imports/staff/template.xlsx',
} as const;

export function useUnitLevels() {
  return useQuery({
    queryKey: ['unit-levels'],
    queryFn: () => api.get<UnitLevel[] | { items: UnitLevel[] }>(organisationPaths.levels),
    select: (data) => (Array.isArray(data) ? data : data.items),
    staleTime: 10 * 60_000,
  });
}

export function useUnitTree(rootId: string | undefined, includeHistorical: boolean, enabled = true) {
  return useQuery({
    queryKey: ['units', 'tree', rootId ?? 'roots', includeHistorical],
    queryFn: ({ signal }) =>
      api.get<UnitTree>(organisationPaths.unitTree, { rootId, depth: 1, includeHistorical }, signal),
    enabled,
  });
}

export function useUnitList(query: UnitListQuery, enabled = true) {
  return useQuery({
    queryKey: ['units', 'list', query],
    queryFn: ({ signal }) => api.get<UnitList>(organisationPaths.units, query as Query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: ['units', 'detail', id],
    queryFn: ({ signal }) => api.get<UnitDetail>(organisationPaths.unit(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useSaveUnit(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUnit | UpdateUnit) =>
      id
        ? api.patch<UnitDetail>(organisationPaths.unit(id), body)
        : api.post<UnitDetail>(organisationPaths.units, body),
    onSuccess: (unit) => {
      void client.invalidateQueries({ queryKey: ['units'] });
      client.setQueryData(['units', 'detail', unit.id], unit);
    },
  });
}

export const previewReorganisation = (body: ReorganisationRequest) =>
  api.post<ReorganisationPreview>(organisationPaths.reorganisationPreview, body);

export function useApplyReorganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReorganisationRequest) =>
      api.post<ReorganisationResult>(organisationPaths.reorganisations, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['units'] });
      void client.invalidateQueries({ queryKey: ['staff'] });
    },
  });
}

export function useStaffList(query: StaffListQuery) {
  return useQuery({
    queryKey: ['staff', 'list', query],
    queryFn: ({ signal }) => api.get<StaffList>(organisationPaths.staff, query as Query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useStaffMember(id: string | undefined) {
  return useQuery({
    queryKey: ['staff', 'detail', id],
    queryFn: ({ signal }) => api.get<StaffDetail>(organisationPaths.staffMember(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useSaveStaff(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStaff | UpdateStaff) =>
      id
        ? api.patch<StaffDetail>(organisationPaths.staffMember(id), body)
        : api.post<StaffDetail>(organisationPaths.staff, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['staff'] }),
  });
}

export function importStaff(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file);
  return api.post<ImportReport>(organisationPaths.staffImport, form, { dryRun });
}
